#include "staffaccountdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace shop {

namespace {

// The field, its rule in grey and its error, one under the other; the row's
// label focuses the field.
QWidget *withRule(QWidget *field, const QString &rule, QLabel *error)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    auto *hint = new QLabel(rule);
    hint->setObjectName(field->objectName() + QStringLiteral("Rule"));
    hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    hint->setWordWrap(true);
    layout->addWidget(hint);
    layout->addWidget(error);
    box->setFocusProxy(field);
    return box;
}

} // namespace

Result<bool> userServiceResult(const UserService::Result &result)
{
    switch (result.outcome) {
    case UserService::Outcome::Done:
        return true;
    case UserService::Outcome::InvalidInput:
        return ServiceError::validation({{result.field, result.message}});
    case UserService::Outcome::AlreadyExists:
        return ServiceError::conflict(result.message);
    case UserService::Outcome::NotFound:
        return ServiceError::notFound(result.message);
    case UserService::Outcome::DatabaseError:
        return ServiceError::unavailable(result.message);
    }
    return ServiceError::internal();
}

StaffAccountDialog::StaffAccountDialog(UserService &users, const std::optional<QString> &existingUsername,
                                       QWidget *parent)
    : QDialog(parent)
    , m_users(users)
    , m_existing(existingUsername)
    , m_username(new QLineEdit(this))
    , m_role(new QComboBox(this))
    , m_password(new QLineEdit)
    , m_confirmation(new QLineEdit)
    , m_errors(new QLabel(this))
    , m_saveFlow(*this, m_errors)
{
    setWindowTitle(existingUsername ? tr("New password for %1").arg(*existingUsername) : tr("New staff account"));
    m_username->setObjectName(QStringLiteral("username"));
    m_role->setObjectName(QStringLiteral("role"));
    m_role->addItem(tr("Cashier (the till)"), QStringLiteral("cashier"));
    m_role->addItem(tr("Manager (this window, all data)"), QStringLiteral("manager"));
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_confirmation->setObjectName(QStringLiteral("confirmation"));
    m_confirmation->setEchoMode(QLineEdit::Password);

    auto *form = new QFormLayout;
    form->setVerticalSpacing(6);
    if (existingUsername) {
        m_username->hide(); // the account is given: no name or role to choose
        m_role->hide();
        auto *name = new QLabel(*existingUsername);
        name->setTextFormat(Qt::PlainText);
        form->addRow(tr("Account:"), name);
    } else {
        form->addRow(tr("&Username:"), withRule(m_username, tr("Letters, digits and . _ @ - (up to 100)"),
                                                m_errors.add(QStringLiteral("username"))));
        form->addRow(tr("&Role:"), FieldErrorLabels::stacked(m_role, m_errors.add(QStringLiteral("role"))));
    }
    const QString passwordRule = tr("At least %1 characters").arg(UserService::kMinPasswordLength);
    form->addRow(existingUsername ? tr("New &password:") : tr("&Password:"),
                 withRule(m_password, passwordRule, m_errors.add(QStringLiteral("password"))));
    form->addRow(tr("Con&firm password:"),
                 FieldErrorLabels::stacked(m_confirmation, m_errors.add(QStringLiteral("confirmation"))));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    QPushButton *saveButton = buttons->button(QDialogButtonBox::Save);
    saveButton->setObjectName(QStringLiteral("save"));
    saveButton->setText(existingUsername ? tr("&Set password") : tr("&Add account"));
    connect(saveButton, &QPushButton::clicked, this, &StaffAccountDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_saveFlow.disableWhileBusy(saveButton);
    m_saveFlow.setFailureText(tr("Not saved: %1"));
    m_saveFlow.placeRefusals([](const ServiceError &error) {
        return error.kind == ServiceError::Kind::Conflict ? QStringLiteral("username") : QString();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 12);
    layout->addLayout(form);
    layout->addWidget(m_errors.formError());
    layout->addWidget(buttons);
    setMinimumWidth(460);
    (existingUsername ? m_password : m_username)->setFocus();
}

QString StaffAccountDialog::username() const
{
    return m_existing ? *m_existing : m_username->text().trimmed();
}

QList<FieldError> StaffAccountDialog::localProblems() const
{
    QList<FieldError> problems;
    if (!m_existing) {
        if (const QString problem = UserService::usernameProblem(username()); !problem.isEmpty())
            problems.append({QStringLiteral("username"), problem});
    }
    const QByteArray password = m_password->text().toUtf8();
    if (const QString problem = UserService::passwordProblem(password); !problem.isEmpty())
        problems.append({QStringLiteral("password"), problem});
    else if (m_confirmation->text() != m_password->text())
        problems.append({QStringLiteral("confirmation"), tr("the two passwords differ")});
    return problems;
}

void StaffAccountDialog::save()
{
    m_errors.clear();
    // The same rules the service applies, checked here first so a typo
    // costs no password hashing and no round trip.
    if (const QList<FieldError> problems = localProblems(); !problems.isEmpty()) {
        m_errors.show(problems);
        return;
    }
    UserService &users = m_users;
    const QString username = this->username();
    const QString role = m_role->currentData().toString();
    const QByteArray password = m_password->text().toUtf8();
    if (m_existing)
        m_saveFlow.save(
            [&users, username, password] { return userServiceResult(users.resetPassword(username, password)); },
            [](bool) {});
    else
        m_saveFlow.save(
            [&users, username, role, password] { return userServiceResult(users.addUser(username, role, password)); },
            [](bool) {});
}

} // namespace shop
