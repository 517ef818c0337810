#include "circuitbreaker.h"

namespace shop {

CircuitBreaker::CircuitBreaker(Options options, TimeSource now)
    : m_options(options)
    , m_now(std::move(now))
{
}

CircuitBreaker::State CircuitBreaker::stateLocked() const
{
    if (!m_isOpen)
        return State::Closed;
    return m_now() - m_openedAt >= m_options.openDuration ? State::HalfOpen : State::Open;
}

void CircuitBreaker::openLocked()
{
    m_isOpen = true;
    m_openedAt = m_now();
    m_isTrialInFlight = false;
}

bool CircuitBreaker::tryAcquire()
{
    std::lock_guard lock(m_mutex);
    switch (stateLocked()) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        if (m_isTrialInFlight)
            return false;
        m_isTrialInFlight = true;
        return true;
    }
    return false;
}

void CircuitBreaker::recordSuccess()
{
    std::lock_guard lock(m_mutex);
    // Any answer proves the gateway is reachable, even one from a call that
    // started before the breaker opened.
    m_isOpen = false;
    m_isTrialInFlight = false;
    m_consecutiveFailures = 0;
}

void CircuitBreaker::recordFailure()
{
    std::lock_guard lock(m_mutex);
    if (m_isTrialInFlight) {
        openLocked(); // the trial failed: another full rest before the next one
        return;
    }
    if (m_isOpen)
        return; // a late failure of a call from before the breaker opened; the rest continues as planned
    if (++m_consecutiveFailures >= m_options.failureThreshold)
        openLocked();
}

CircuitBreaker::State CircuitBreaker::state() const
{
    std::lock_guard lock(m_mutex);
    return stateLocked();
}

QString CircuitBreaker::stateName(State state)
{
    switch (state) {
    case State::Closed:
        return QStringLiteral("CLOSED");
    case State::Open:
        return QStringLiteral("OPEN");
    case State::HalfOpen:
        return QStringLiteral("HALF_OPEN");
    }
    return {};
}

} // namespace shop
