#pragma once

#include "core/clock.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <mutex>
#include <variant>

namespace shop {

// Slows down password guessing, keyed twice: by (username, client address),
// so guesses from elsewhere never lock the real user out of his own address,
// and by client address alone, so one address cannot try many usernames.
// Each key has a few free failures, then an exponential back-off (1 s, 2 s,
// 4 s ... up to kMaxBackoffMs) until a success or kForgetAfterMs of quiet.
//
// An attempt is counted when it starts (begin), before its password is
// checked, under one lock: N concurrent bad logins check at most the free
// number of passwords. A success (succeeded) clears the (username, address)
// count; an attempt whose password was never checked (notChecked: the
// hashing pool was full, the database down) takes its count back.
//
// Memory is bounded: keys are 64-bit keyed hashes (a 1 MB username costs
// nothing extra), and each table holds at most maxEntries; when full, the
// quietest eighth is dropped.
class LoginThrottle
{
public:
    static constexpr int kFreeFailuresPerUser = 5;     // per (username, address)
    static constexpr int kFreeFailuresPerAddress = 20; // per address, all usernames
    static constexpr qint64 kMaxBackoffMs = 5 * 60 * 1000;
    static constexpr qint64 kForgetAfterMs = 15 * 60 * 1000;
    static constexpr int kDefaultMaxEntries = 100000;

    // Go ahead; hand it back to succeeded() if the password was right.
    struct Ticket
    {
        quint64 userKey = 0;
        quint64 addressKey = 0;
    };
    // Refused: seconds until the next attempt is allowed.
    struct RetryAfter
    {
        int seconds = 1;
    };

    explicit LoginThrottle(const Clock &clock, int maxEntries = kDefaultMaxEntries);

    std::variant<Ticket, RetryAfter> begin(const QString &username, const QString &clientAddress);
    void succeeded(const Ticket &ticket);
    void notChecked(const Ticket &ticket);

    // Entries held, for the test of the bound.
    qsizetype entryCount() const;

private:
    struct Entry
    {
        int failures = 0;
        qint64 lockedUntilMs = 0;
        qint64 lastFailureMs = 0;
    };
    using Table = QHash<quint64, Entry>;

    quint64 keyOf(const QByteArray &text) const;
    Entry &entryFor(Table &table, quint64 key, qint64 nowMs);
    void makeRoom(Table &table, qint64 nowMs);
    static qint64 waitMs(const Entry &entry, qint64 nowMs);
    static void countFailure(Entry &entry, int freeFailures, qint64 nowMs);
    static void takeBackFailure(Table &table, quint64 key, int freeFailures);

    const Clock &m_clock;
    const int m_maxEntries;
    const QByteArray m_keySecret; // random per process: keys cannot be steered into collisions
    mutable std::mutex m_mutex;
    Table m_byUser;    // (username, address) -> failures
    Table m_byAddress; // address -> failures
};

} // namespace shop
