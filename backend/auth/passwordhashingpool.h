#pragma once

#include "passwordhasher.h"

#include <QThreadPool>

#include <atomic>
#include <optional>

namespace shop {

// Runs password hashing (about 116 ms of CPU each) on a few threads of its
// own, at a lower CPU priority, so login floods cannot take the cores or the
// HTTP workers from ordinary requests. At most threads + maxWaiting hashes
// are running or queued at once; beyond that verify() refuses at once and
// the caller answers 503 with Retry-After. A refused or queued login holds an
// HTTP worker only while it waits here, and that wait is bounded by the cap.
class PasswordHashingPool
{
public:
    PasswordHashingPool(int threads, int maxWaiting);
    ~PasswordHashingPool();
    PasswordHashingPool(const PasswordHashingPool &) = delete;
    PasswordHashingPool &operator=(const PasswordHashingPool &) = delete;

    // Whether the password matches, or nullopt when the pool is full.
    std::optional<bool> verify(const QByteArray &password, const PasswordHash &stored);

    // Hashes running or queued now, for tests of the cap.
    int inFlight() const { return m_inFlight.load(); }
    int capacity() const { return m_capacity; }

private:
    QThreadPool m_threads;
    const int m_capacity;
    std::atomic<int> m_inFlight{0};
};

} // namespace shop
