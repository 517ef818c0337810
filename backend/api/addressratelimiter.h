#pragma once

#include "core/clock.h"

#include <QHash>
#include <QHostAddress>

#include <mutex>
#include <optional>

namespace shop {

// A token bucket per client address: an address may make `burst` requests at
// once, then `perSecond` a second. Remembers at most `maxAddresses`: an
// address whose bucket has filled up again is forgotten (it is as if it had
// never asked), and when every remembered address is still active the one
// seen longest ago gives way, so many addresses cannot grow the table.
class AddressRateLimiter
{
public:
    struct Limits
    {
        int perSecond = 0; // 0: no limit
        int burst = 0;
        qsizetype maxAddresses = 10000;
    };

    AddressRateLimiter(const Clock &clock, Limits limits);

    // Spends one request of the address: nullopt to go ahead, otherwise the
    // whole seconds until it may ask again.
    std::optional<int> take(const QHostAddress &address);

    qsizetype trackedAddresses() const;

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 refilledAtMs = 0;
    };

    double refilled(const Bucket &bucket, qint64 nowMs) const;
    void makeRoom(qint64 nowMs);

    const Clock &m_clock;
    const Limits m_limits;
    mutable std::mutex m_mutex;
    QHash<QHostAddress, Bucket> m_buckets;
};

} // namespace shop
