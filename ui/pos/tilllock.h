#pragma once

#include "auth/accesstokens.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <chrono>

class QWidget;

namespace shop {

class AuthService;
class LoginDialog;

// Who sells at the till, and the lock after idle time: no key or click for
// idleLock raises idle(); the till then calls lock() (unless a payment is
// under way), which asks for a cashier's or a manager's login over the till
// until one succeeds. Any account of those roles unlocks it and becomes the
// cashier (the next shift's cashier may take over).
class TillLock : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TillLock)

public:
    static const QStringList kTillRoles; // CASHIER, MANAGER

    // idleLock zero: never locks by itself.
    TillLock(QWidget &till, AuthService &auth, const AccessTokens &tokens, std::chrono::milliseconds idleLock);
    ~TillLock() override;

    bool isLocked() const { return m_isLocked; }
    // Shows the login over the till; again if it was cancelled.
    void lock();
    // Counts the idle time from now again.
    void restartIdleTime();

Q_SIGNALS:
    void idle();
    void locked();
    void unlocked(const shop::Principal &cashier);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget &m_till;
    AuthService &m_auth;
    const AccessTokens &m_tokens;
    QTimer m_idleTimer;
    QPointer<LoginDialog> m_login;
    bool m_isLocked = false;
};

} // namespace shop
