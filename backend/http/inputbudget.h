#pragma once

#include <QtGlobal>

#include <algorithm>
#include <atomic>

namespace shop {

// The bytes of request input all connections together may hold beyond each
// one's own share (see HttpConnection). Shared by the I/O threads.
class InputBudget
{
public:
    explicit InputBudget(qint64 bytes) : m_available(bytes) {}

    // Up to wanted bytes, or fewer (0 when spent).
    qint64 borrow(qint64 wanted)
    {
        qint64 available = m_available.load();
        qint64 granted = 0;
        do {
            granted = std::clamp<qint64>(available, 0, wanted);
        } while (granted > 0 && !m_available.compare_exchange_weak(available, available - granted));
        return granted;
    }
    void giveBack(qint64 bytes) { m_available += bytes; }
    bool hasRoom() const { return m_available.load() > 0; }
    qint64 available() const { return m_available.load(); }

private:
    std::atomic<qint64> m_available;
};

} // namespace shop
