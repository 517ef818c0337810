#include "loginthrottle.h"

namespace shop {

namespace {

QString userKey(const QString &username)
{
    return QStringLiteral("user:") + username.toLower();
}

QString addressKey(const QString &address)
{
    return QStringLiteral("addr:") + address;
}

} // namespace

LoginThrottle::LoginThrottle(const Clock &clock)
    : m_clock(clock)
{
}

std::optional<int> LoginThrottle::retryAfterLocked(const QString &key, const QDateTime &now)
{
    const auto it = m_failures.constFind(key);
    if (it == m_failures.cend())
        return std::nullopt;
    const QList<QDateTime> &times = it.value();
    // Only failures inside the window count.
    qsizetype recent = 0;
    for (const QDateTime &time : times)
        recent += time.msecsTo(now) < kWindowMs ? 1 : 0;
    if (recent < kMaxFailures)
        return std::nullopt;
    const QDateTime &oldestRecent = times.at(times.size() - recent);
    const qint64 waitMs = kWindowMs - oldestRecent.msecsTo(now);
    return static_cast<int>((waitMs + 999) / 1000);
}

std::optional<int> LoginThrottle::retryAfter(const QString &username, const QString &clientAddress)
{
    std::lock_guard lock(m_mutex);
    const QDateTime now = m_clock.now();
    const auto byUser = retryAfterLocked(userKey(username), now);
    const auto byAddress = retryAfterLocked(addressKey(clientAddress), now);
    if (byUser && byAddress)
        return std::max(*byUser, *byAddress);
    return byUser ? byUser : byAddress;
}

void LoginThrottle::recordFailure(const QString &username, const QString &clientAddress)
{
    std::lock_guard lock(m_mutex);
    const QDateTime now = m_clock.now();
    prune(now);
    for (const QString &key : {userKey(username), addressKey(clientAddress)}) {
        QList<QDateTime> &times = m_failures[key];
        times.append(now);
        if (times.size() > kMaxFailures)
            times.removeFirst();
    }
}

void LoginThrottle::recordSuccess(const QString &username)
{
    std::lock_guard lock(m_mutex);
    m_failures.remove(userKey(username));
}

void LoginThrottle::prune(const QDateTime &now)
{
    // Forget keys whose last failure left the window, at most once a minute,
    // so a flood of usernames cannot grow the table without bound.
    if (m_lastPrune.isValid() && m_lastPrune.msecsTo(now) < kWindowMs)
        return;
    m_lastPrune = now;
    for (auto it = m_failures.begin(); it != m_failures.end();) {
        if (it.value().isEmpty() || it.value().last().msecsTo(now) >= kWindowMs)
            it = m_failures.erase(it);
        else
            ++it;
    }
}

} // namespace shop
