#pragma once

#include "core/clock.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <mutex>
#include <optional>

namespace shop {

// Slows down password guessing: after 5 failed logins within a minute for one
// username, or from one client address, further attempts are refused until
// the oldest failure is a minute old.
class LoginThrottle
{
public:
    static constexpr int kMaxFailures = 5;
    static constexpr qint64 kWindowMs = 60 * 1000;

    explicit LoginThrottle(const Clock &clock);

    // Seconds to wait when either key is locked out, nullopt to go ahead.
    std::optional<int> retryAfter(const QString &username, const QString &clientAddress);
    void recordFailure(const QString &username, const QString &clientAddress);
    void recordSuccess(const QString &username);

private:
    std::optional<int> retryAfterLocked(const QString &key, const QDateTime &now);
    void prune(const QDateTime &now);

    const Clock &m_clock;
    std::mutex m_mutex;
    QHash<QString, QList<QDateTime>> m_failures; // key -> failure times, oldest first
    QDateTime m_lastPrune;
};

} // namespace shop
