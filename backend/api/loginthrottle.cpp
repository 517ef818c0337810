#include "loginthrottle.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <algorithm>
#include <cstring>
#include <vector>

namespace shop {

namespace {

QByteArray randomSecret()
{
    QByteArray secret(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(secret.data()), secret.size() / 4);
    return secret;
}

int toSeconds(qint64 ms)
{
    return static_cast<int>(std::max<qint64>(1, (ms + 999) / 1000));
}

} // namespace

LoginThrottle::LoginThrottle(const Clock &clock, int maxEntries)
    : m_clock(clock)
    , m_maxEntries(std::max(8, maxEntries))
    , m_keySecret(randomSecret())
{
}

quint64 LoginThrottle::keyOf(const QByteArray &text) const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(m_keySecret);
    hash.addData(text);
    const QByteArray digest = hash.result();
    quint64 key = 0;
    std::memcpy(&key, digest.constData(), sizeof key);
    return key;
}

qint64 LoginThrottle::waitMs(const Entry &entry, qint64 nowMs)
{
    return std::max<qint64>(0, entry.lockedUntilMs - nowMs);
}

void LoginThrottle::countFailure(Entry &entry, int freeFailures, qint64 nowMs)
{
    ++entry.failures;
    entry.lastFailureMs = nowMs;
    const int beyondFree = entry.failures - freeFailures;
    if (beyondFree < 0)
        return;
    // 1 s after the last free failure, doubling with each one after it.
    const qint64 backoffMs = std::min<qint64>(kMaxBackoffMs, qint64(1000) << std::min(beyondFree, 20));
    entry.lockedUntilMs = nowMs + backoffMs;
}

LoginThrottle::Entry &LoginThrottle::entryFor(Table &table, quint64 key, qint64 nowMs)
{
    auto it = table.find(key);
    if (it != table.end() && nowMs - it->lastFailureMs >= kForgetAfterMs && waitMs(*it, nowMs) == 0)
        *it = Entry{}; // quiet long enough: start afresh
    if (it != table.end())
        return *it;
    if (table.size() >= m_maxEntries)
        makeRoom(table, nowMs);
    return table[key];
}

void LoginThrottle::makeRoom(Table &table, qint64 nowMs)
{
    // Forget what is quiet and unlocked; if that is not enough, drop the
    // eighth of the table whose last failure is oldest (amortised: one scan
    // per maxEntries/8 new keys), so keys under attack now stay.
    table.removeIf([nowMs](const Table::iterator &it) {
        return nowMs - it->lastFailureMs >= kForgetAfterMs && waitMs(*it, nowMs) == 0;
    });
    if (table.size() < m_maxEntries)
        return;
    std::vector<qint64> lastFailures;
    lastFailures.reserve(static_cast<size_t>(table.size()));
    for (const Entry &entry : std::as_const(table))
        lastFailures.push_back(entry.lastFailureMs);
    const auto cut = lastFailures.begin() + static_cast<std::ptrdiff_t>(lastFailures.size() / 8);
    std::nth_element(lastFailures.begin(), cut, lastFailures.end());
    const qint64 cutoff = *cut;
    const qsizetype target = m_maxEntries - m_maxEntries / 8;
    table.removeIf([cutoff](const Table::iterator &it) { return it->lastFailureMs < cutoff; });
    // Entries exactly as old as the cutoff (same millisecond) go as needed.
    for (auto it = table.begin(); it != table.end() && table.size() > target;)
        it = it->lastFailureMs == cutoff ? table.erase(it) : std::next(it);
}

std::variant<LoginThrottle::Ticket, LoginThrottle::RetryAfter> LoginThrottle::begin(const QString &username,
                                                                                   const QString &clientAddress)
{
    const QByteArray address = clientAddress.toUtf8();
    const Ticket ticket{keyOf(username.toLower().toUtf8() + '\n' + address), keyOf(address)};

    std::lock_guard lock(m_mutex);
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    Entry &byUser = entryFor(m_byUser, ticket.userKey, nowMs);
    Entry &byAddress = entryFor(m_byAddress, ticket.addressKey, nowMs);
    const qint64 wait = std::max(waitMs(byUser, nowMs), waitMs(byAddress, nowMs));
    if (wait > 0)
        return RetryAfter{toSeconds(wait)};
    // Counted as a failure now, before the password is checked.
    countFailure(byUser, kFreeFailuresPerUser, nowMs);
    countFailure(byAddress, kFreeFailuresPerAddress, nowMs);
    return ticket;
}

void LoginThrottle::takeBackFailure(Table &table, quint64 key, int freeFailures)
{
    const auto it = table.find(key);
    if (it == table.end() || it->failures == 0)
        return;
    --it->failures;
    if (it->failures < freeFailures)
        it->lockedUntilMs = 0;
}

void LoginThrottle::succeeded(const Ticket &ticket)
{
    std::lock_guard lock(m_mutex);
    m_byUser.remove(ticket.userKey);
    takeBackFailure(m_byAddress, ticket.addressKey, kFreeFailuresPerAddress);
}

void LoginThrottle::notChecked(const Ticket &ticket)
{
    std::lock_guard lock(m_mutex);
    takeBackFailure(m_byUser, ticket.userKey, kFreeFailuresPerUser);
    takeBackFailure(m_byAddress, ticket.addressKey, kFreeFailuresPerAddress);
}

qsizetype LoginThrottle::entryCount() const
{
    std::lock_guard lock(m_mutex);
    return m_byUser.size() + m_byAddress.size();
}

} // namespace shop
