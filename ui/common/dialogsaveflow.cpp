#include "dialogsaveflow.h"

#include <QMessageBox>
#include <QPushButton>

namespace shop {

DialogSaveFlow::DialogSaveFlow(QDialog &dialog, FieldErrorLabels &errors)
    : m_dialog(dialog)
    , m_errors(errors)
    , m_failureText(tr("Could not save: %1"))
{
}

void DialogSaveFlow::disableWhileBusy(QPushButton *button, const QString &busyText)
{
    m_buttons.append({button, busyText, button->text()});
}

void DialogSaveFlow::offerReload(std::function<bool(const ServiceError &)> isVersionConflict, const QString &title,
                                 const QString &question, std::function<void()> reload)
{
    m_isVersionConflict = std::move(isVersionConflict);
    m_reloadTitle = title;
    m_reloadQuestion = question;
    m_reload = std::move(reload);
}

void DialogSaveFlow::setBusy(bool isBusy)
{
    for (const BusyButton &busy : std::as_const(m_buttons)) {
        busy.button->setEnabled(!isBusy);
        if (!busy.busyText.isEmpty())
            busy.button->setText(isBusy ? busy.busyText : busy.idleText);
    }
    m_dialog.setCursor(isBusy ? Qt::BusyCursor : Qt::ArrowCursor);
}

void DialogSaveFlow::showRefusal(const ServiceError &error)
{
    if (m_isVersionConflict && m_isVersionConflict(error)) {
        const auto answer = QMessageBox::question(&m_dialog, m_reloadTitle, m_reloadQuestion,
                                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer == QMessageBox::Yes)
            m_reload();
        return;
    }
    if (error.kind == ServiceError::Kind::Validation) {
        m_errors.show(error.fields);
        return;
    }
    if (const QString field = m_refusedField ? m_refusedField(error) : QString(); !field.isEmpty())
        m_errors.show({{field, error.detail}});
    else
        m_errors.showFormError(m_failureText.arg(error.detail));
}

} // namespace shop
