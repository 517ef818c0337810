#pragma once

#include <QString>

#include <chrono>
#include <functional>
#include <mutex>

namespace shop {

// Stops calling a gateway that keeps failing, so orders fail over quickly
// instead of each waiting out timeouts and retries, and gives the gateway a
// rest before one trial call tests whether it is back.
//
//   Closed   --failureThreshold consecutive failures-->  Open
//   Open     --openDuration passed-->                    HalfOpen (one trial call)
//   HalfOpen --trial succeeded-->  Closed,  --trial failed-->  Open again
//
// Thread-safe. Every tryAcquire() that returned true must be followed by
// recordSuccess() or recordFailure(); a half-open breaker waits for its
// trial's answer and rejects everything else meanwhile.
class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };

    struct Options
    {
        int failureThreshold = 3;
        std::chrono::milliseconds openDuration = std::chrono::seconds(30);
    };

    // Monotonic time, injectable so tests move it instead of sleeping.
    using TimeSource = std::function<std::chrono::steady_clock::time_point()>;

    explicit CircuitBreaker(Options options, TimeSource now = &std::chrono::steady_clock::now);
    CircuitBreaker(const CircuitBreaker &) = delete;
    CircuitBreaker &operator=(const CircuitBreaker &) = delete;

    // Whether a call may go to the gateway now.
    bool tryAcquire();
    // The gateway answered (approved or declined): it works.
    void recordSuccess();
    // The gateway did not answer (error, timeout).
    void recordFailure();

    // HalfOpen once the open duration has passed, without any call needed,
    // so a health endpoint shows OPEN, later HALF_OPEN, then CLOSED.
    State state() const;

    // "CLOSED", "OPEN", "HALF_OPEN", as metrics and health output show them.
    static QString stateName(State state);

private:
    State stateLocked() const;
    void openLocked();

    const Options m_options;
    const TimeSource m_now;
    mutable std::mutex m_mutex;
    bool m_isOpen = false; // HalfOpen is derived: open and the duration has passed
    std::chrono::steady_clock::time_point m_openedAt;
    int m_consecutiveFailures = 0;
    bool m_isTrialInFlight = false;
};

} // namespace shop
