#include "addressratelimiter.h"

#include <algorithm>
#include <cmath>

namespace shop {

AddressRateLimiter::AddressRateLimiter(const Clock &clock, Limits limits)
    : m_clock(clock)
    , m_limits(limits)
{
}

double AddressRateLimiter::refilled(const Bucket &bucket, qint64 nowMs) const
{
    const double earned = static_cast<double>(std::max<qint64>(0, nowMs - bucket.refilledAtMs)) / 1000.0
        * m_limits.perSecond;
    return std::min<double>(m_limits.burst, bucket.tokens + earned);
}

std::optional<int> AddressRateLimiter::take(const QHostAddress &address)
{
    if (m_limits.perSecond <= 0)
        return std::nullopt;
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    std::lock_guard lock(m_mutex);
    auto it = m_buckets.find(address);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_limits.maxAddresses)
            makeRoom(nowMs);
        it = m_buckets.insert(address, Bucket{static_cast<double>(m_limits.burst), nowMs});
    }
    Bucket &bucket = it.value();
    bucket.tokens = refilled(bucket, nowMs);
    bucket.refilledAtMs = nowMs;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return std::nullopt;
    }
    const double waitSeconds = (1.0 - bucket.tokens) / m_limits.perSecond;
    return std::max(1, static_cast<int>(std::ceil(waitSeconds)));
}

qsizetype AddressRateLimiter::trackedAddresses() const
{
    std::lock_guard lock(m_mutex);
    return m_buckets.size();
}

void AddressRateLimiter::makeRoom(qint64 nowMs)
{
    // Only when the table is full: forget every address whose bucket is full
    // again, and if none is, the one seen longest ago. Two passes, as erasing
    // may move the hash's other entries.
    m_buckets.removeIf([&](const auto &entry) { return refilled(entry.value(), nowMs) >= m_limits.burst; });
    if (m_buckets.size() < m_limits.maxAddresses)
        return;
    const auto stalest = std::min_element(m_buckets.cbegin(), m_buckets.cend(), [](const Bucket &a, const Bucket &b) {
        return a.refilledAtMs < b.refilledAtMs;
    });
    if (stalest != m_buckets.cend())
        m_buckets.remove(stalest.key());
}

} // namespace shop
