#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace shop {

// A one-way "shutting down" flag that sleeping threads wake up for, so a
// payment call waiting out a latency or a retry backoff never holds up the
// daemon's shutdown. Once stopped it stays stopped.
class StopSignal
{
public:
    StopSignal() = default;
    StopSignal(const StopSignal &) = delete;
    StopSignal &operator=(const StopSignal &) = delete;

    void stop()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopped = true;
        }
        m_wakeUp.notify_all();
    }

    bool isStopped() const
    {
        std::lock_guard lock(m_mutex);
        return m_stopped;
    }

    // Sleeps until deadline; false when stop() cut the sleep short (or came before).
    bool sleepUntil(std::chrono::steady_clock::time_point deadline)
    {
        std::unique_lock lock(m_mutex);
        return !m_wakeUp.wait_until(lock, deadline, [this] { return m_stopped; });
    }

    bool sleepFor(std::chrono::milliseconds duration)
    {
        return sleepUntil(std::chrono::steady_clock::now() + duration);
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_wakeUp;
    bool m_stopped = false;
};

} // namespace shop
