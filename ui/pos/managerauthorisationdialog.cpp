#include "managerauthorisationdialog.h"

#include "ui/common/backgroundtask.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace shop {

ManagerAuthorisationDialog::ManagerAuthorisationDialog(const QString &what, Reason reason, Action action,
                                                       QWidget *parent)
    : QDialog(parent)
    , m_action(std::move(action))
{
    setWindowTitle(tr("Manager authorisation"));
    setObjectName(QStringLiteral("managerAuthorisation"));
    auto *explanation = new QLabel(tr("%1 needs a manager. A manager enters their username and password.").arg(what), this);
    explanation->setWordWrap(true);
    QFont bold = explanation->font();
    bold.setBold(true);
    bold.setPointSize(bold.pointSize() + 2);
    explanation->setFont(bold);
    auto *form = new QFormLayout;
    if (reason == Reason::Asked) {
        m_reason = new QLineEdit(this);
        m_reason->setObjectName(QStringLiteral("reason"));
        m_reason->setMaxLength(200);
        m_reason->setPlaceholderText(tr("Why the drawer opens"));
        form->addRow(tr("Reason"), m_reason);
    }
    m_username = new QLineEdit(this);
    m_username->setObjectName(QStringLiteral("username"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Manager"), m_username);
    form->addRow(tr("Password"), m_password);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Authorise"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ManagerAuthorisationDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    setMinimumWidth(480);
    (m_reason ? m_reason : m_username)->setFocus();
}

void ManagerAuthorisationDialog::submit()
{
    const QString reason = m_reason ? m_reason->text().trimmed() : QString();
    if (m_reason && reason.isEmpty()) {
        showError(tr("Say why the drawer opens."));
        m_reason->setFocus();
        return;
    }
    if (m_username->text().trimmed().isEmpty() || m_password->text().isEmpty()) {
        showError(tr("Enter the manager's username and password."));
        m_username->setFocus();
        return;
    }
    const ManagerCredentials manager{m_username->text().trimmed(), m_password->text().toUtf8()};
    m_buttons->setEnabled(false);
    m_error->setText(tr("Checking…"));
    runInBackground(this, [action = m_action, manager, reason] { return action(manager, reason); },
                    [this](const Result<QString> &outcome) {
                        m_buttons->setEnabled(true);
                        if (!outcome) {
                            m_password->clear();
                            showError(outcome.error().detail);
                            m_password->setFocus();
                            return;
                        }
                        m_manager = outcome.value();
                        accept();
                    });
}

void ManagerAuthorisationDialog::showError(const QString &message)
{
    m_error->setText(message);
}

} // namespace shop
