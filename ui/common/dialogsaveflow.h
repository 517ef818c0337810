#pragma once

#include "core/errors.h"
#include "ui/common/backgroundtask.h"
#include "ui/common/fielderrors.h"

#include <QCoreApplication>
#include <QDialog>
#include <QList>
#include <QString>

#include <functional>
#include <utility>

class QPushButton;

namespace shop {

// How an editing dialog saves: while its service call runs off the GUI
// thread the dialog's buttons are disabled and the cursor shows it is busy;
// a refusal shows under the fields it concerns or as one message under the
// form; a change made elsewhere in the meantime offers to reload; success
// accepts the dialog. The dialog keeps its fields, its validation and what
// it saves. Lives as a member of the dialog it serves.
class DialogSaveFlow
{
    Q_DECLARE_TR_FUNCTIONS(DialogSaveFlow)
    Q_DISABLE_COPY_MOVE(DialogSaveFlow)

public:
    // Which field a refusal other than a validation concerns (e.g. "name"
    // for a taken name); an empty name puts it under the form instead.
    using RefusedField = std::function<QString(const ServiceError &)>;

    DialogSaveFlow(QDialog &dialog, FieldErrorLabels &errors);

    // button is disabled while a call runs and then reads busyText, if given.
    void disableWhileBusy(QPushButton *button, const QString &busyText = QString());
    // The message under the form for a refusal no field shows; %1 is its detail.
    void setFailureText(const QString &text) { m_failureText = text; }
    void placeRefusals(RefusedField refusedField) { m_refusedField = std::move(refusedField); }
    // A refusal isVersionConflict recognises asks question under title and,
    // on Yes, calls reload (which typically reads the record again with run()).
    void offerReload(std::function<bool(const ServiceError &)> isVersionConflict, const QString &title,
                     const QString &question, std::function<void()> reload);

    // Runs work, a service call returning Result<T>, off the GUI thread; on
    // success hands the value to saved and accepts the dialog.
    template<typename Work, typename Saved>
    void save(Work work, Saved saved)
    {
        call(std::move(work), [this, saved = std::move(saved)](const auto &result) {
            if (!result) {
                showRefusal(result.error());
                return;
            }
            saved(result.value());
            m_dialog.accept();
        });
    }

    // Runs work like save, but leaves the dialog open and shows any failure
    // under the form as failureText (%1 is its detail): for a reload, or a
    // call whose refusals concern no field.
    template<typename Work, typename Succeeded>
    void run(Work work, Succeeded succeeded, const QString &failureText)
    {
        call(std::move(work), [this, succeeded = std::move(succeeded), failureText](const auto &result) {
            if (!result) {
                m_errors.showFormError(failureText.arg(result.error().detail));
                return;
            }
            succeeded(result.value());
        });
    }

private:
    struct BusyButton
    {
        QPushButton *button;
        QString busyText;
        QString idleText;
    };

    template<typename Work, typename Done>
    void call(Work work, Done done)
    {
        setBusy(true);
        runInBackground(&m_dialog, std::move(work), [this, done = std::move(done)](const auto &result) {
            setBusy(false);
            done(result);
        });
    }

    void setBusy(bool isBusy);
    void showRefusal(const ServiceError &error);

    QDialog &m_dialog;
    FieldErrorLabels &m_errors;
    QList<BusyButton> m_buttons;
    QString m_failureText;
    RefusedField m_refusedField;
    std::function<bool(const ServiceError &)> m_isVersionConflict;
    QString m_reloadTitle;
    QString m_reloadQuestion;
    std::function<void()> m_reload;
};

} // namespace shop
