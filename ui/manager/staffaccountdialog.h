#pragma once

#include "auth/userservice.h"
#include "core/errors.h"
#include "ui/common/dialogsaveflow.h"
#include "ui/common/fielderrors.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLineEdit;

namespace shop {

// A UserService answer as the dialogs' save flow takes it: bad input under
// its field, a taken username under the username, the rest under the form.
Result<bool> userServiceResult(const UserService::Result &result);

// Adds a manager or cashier, or (given an existing username) sets a new
// password for that account, which also ends its tokens. The rules appear
// next to the fields before anything is typed; a broken one replaces them
// in red, and nothing is saved until the input passes.
class StaffAccountDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StaffAccountDialog)

public:
    StaffAccountDialog(UserService &users, const std::optional<QString> &existingUsername, QWidget *parent = nullptr);

    QString username() const;

private:
    void save();
    QList<FieldError> localProblems() const;

    UserService &m_users;
    std::optional<QString> m_existing;
    QLineEdit *m_username = nullptr;
    QComboBox *m_role = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_confirmation = nullptr;
    FieldErrorLabels m_errors;
    DialogSaveFlow m_saveFlow;
};

} // namespace shop
