#pragma once

#include "auth/userservice.h"

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QPushButton;
class QTableWidget;

namespace shop {

// The Staff screen (managers only): every manager and cashier with role,
// status, last login and failed logins; add an account, set a new password,
// deactivate one (never deleted) and lift a lockout. All database work runs
// off the GUI thread.
class StaffView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StaffView)

public:
    enum Column { UsernameColumn, RoleColumn, StatusColumn, LastLoginColumn, FailedLoginsColumn, LockedUntilColumn };

    // currentUser: the manager at the window, who may not deactivate himself.
    StaffView(UserService &users, const QString &currentUser, QWidget *parent = nullptr);

    void refresh();
    QTableWidget *table() const { return m_table; }
    // The accounts shown, in table order.
    const QList<UserAccount> &accounts() const { return m_accounts; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    void refreshed();

private:
    void showAccounts(const UserService::Accounts &listed);
    std::optional<UserAccount> selected() const;
    void updateButtons();
    void addAccount();
    void resetPassword();
    void deactivate();
    void liftLockout();
    // Runs change off the GUI thread, then reports and reloads the list.
    void change(std::function<UserService::Result()> change, const QString &doneMessage);

    UserService &m_users;
    QString m_currentUser;
    QList<UserAccount> m_accounts;
    QTableWidget *m_table = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_resetPassword = nullptr;
    QPushButton *m_deactivate = nullptr;
    QPushButton *m_liftLockout = nullptr;
};

} // namespace shop
