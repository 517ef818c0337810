#include "tilllock.h"

#include "ui/common/logindialog.h"

#include <QApplication>
#include <QEvent>
#include <QWidget>

namespace shop {

const QStringList TillLock::kTillRoles{QStringLiteral("CASHIER"), QStringLiteral("MANAGER")};

TillLock::TillLock(QWidget &till, AuthService &auth, const AccessTokens &tokens, std::chrono::milliseconds idleLock)
    : QObject(&till)
    , m_till(till)
    , m_auth(auth)
    , m_tokens(tokens)
{
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(idleLock);
    connect(&m_idleTimer, &QTimer::timeout, this, &TillLock::idle);
    if (idleLock.count() > 0) {
        // Input anywhere in the application counts, the till's dialogs too.
        qApp->installEventFilter(this);
        m_idleTimer.start();
    }
}

TillLock::~TillLock()
{
    qApp->removeEventFilter(this);
}

void TillLock::restartIdleTime()
{
    if (m_idleTimer.interval() > 0 && !m_isLocked)
        m_idleTimer.start();
}

bool TillLock::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        restartIdleTime();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void TillLock::lock()
{
    m_idleTimer.stop();
    if (!m_isLocked) {
        m_isLocked = true;
        Q_EMIT locked();
    }
    if (m_login)
        return;
    m_login = new LoginDialog(m_auth, m_tokens, &m_till);
    m_login->setObjectName(QStringLiteral("tillLogin"));
    m_login->setApplicationName(tr("Shop till"));
    m_login->setWindowTitle(tr("Till locked: log in"));
    m_login->setAllowedRoles(kTillRoles);
    m_login->setAttribute(Qt::WA_DeleteOnClose);
    m_login->setWindowModality(Qt::WindowModal);
    connect(m_login, &QDialog::accepted, this, [this] {
        const Principal cashier = m_login->principal();
        m_isLocked = false;
        restartIdleTime();
        Q_EMIT unlocked(cashier);
    });
    m_login->open();
}

} // namespace shop
