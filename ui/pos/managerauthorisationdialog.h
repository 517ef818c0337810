#pragma once

#include "core/errors.h"
#include "pos/returntypes.h"

#include <QDialog>

#include <functional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace shop {

// Asks for a manager's username and password at the till (and, for a
// drawer opened without a sale, why), then runs the action it guards off
// the GUI thread. A refusal (not a manager, a wrong password, no open
// shift) is shown under the fields and the dialog stays open; it closes
// once the action has been done.
class ManagerAuthorisationDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManagerAuthorisationDialog)

public:
    // The guarded action: given the credentials and the reason ("" unless
    // asked), the manager's username or why not. Runs on a pool thread.
    using Action = std::function<Result<QString>(const ManagerCredentials &manager, const QString &reason)>;

    enum class Reason { NotAsked, Asked };

    ManagerAuthorisationDialog(const QString &what, Reason reason, Action action, QWidget *parent = nullptr);

    // Who authorised, once accepted.
    const QString &manager() const { return m_manager; }

private:
    void submit();
    void showError(const QString &message);

    Action m_action;
    QLineEdit *m_reason = nullptr;
    QLineEdit *m_username = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QString m_manager;
};

} // namespace shop
