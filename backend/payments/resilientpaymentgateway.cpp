#include "resilientpaymentgateway.h"

#include "core/ids.h"
#include "core/log.h"
#include "core/metrics.h"

#include <QRandomGenerator>

#include <algorithm>
#include <random>

namespace shop {

namespace {

using Outcome = ChargeResult::Outcome;

constexpr const char *kLogger = "payments";
const std::string kBreakerName = "paymentGateway";

ChargeResult unavailable(const QString &reason)
{
    return {Outcome::Unavailable, {}, reason};
}

prometheus::Family<prometheus::Counter> &callsFamily(Metrics &metrics)
{
    return prometheus::BuildCounter()
        .Name("payment_gateway_calls_total")
        .Help("Payment gateway calls by outcome; rejected: not made because the circuit breaker was open")
        .Register(metrics.registry());
}

prometheus::Family<prometheus::Gauge> &breakerFamily(Metrics &metrics)
{
    return prometheus::BuildGauge()
        .Name("payment_circuit_breaker_state")
        .Help("1 for the circuit breaker's current state, 0 for the others")
        .Register(metrics.registry());
}

prometheus::Gauge &breakerGauge(Metrics &metrics, CircuitBreaker::State state)
{
    return breakerFamily(metrics).Add({{"name", kBreakerName},
                                       {"state", CircuitBreaker::stateName(state).toStdString()}});
}

} // namespace

ResilientPaymentGateway::Options ResilientPaymentGateway::fromSettings(const Settings &settings)
{
    Options options;
    options.timeout = std::chrono::milliseconds(settings.paymentTimeoutMs);
    options.initialBackoff = std::chrono::milliseconds(settings.paymentRetryBackoffMs);
    options.maxBackoff = std::chrono::milliseconds(settings.paymentRetryMaxBackoffMs);
    options.breaker.openDuration = std::chrono::milliseconds(settings.paymentBreakerOpenMs);
    return options;
}

ResilientPaymentGateway::ResilientPaymentGateway(PaymentGateway &inner, Options options, Metrics &metrics)
    : m_inner(inner)
    , m_options(std::move(options))
    , m_breaker(m_options.breaker, m_options.now)
    , m_approved(callsFamily(metrics).Add({{"outcome", "approved"}}))
    , m_declined(callsFamily(metrics).Add({{"outcome", "declined"}}))
    , m_unavailable(callsFamily(metrics).Add({{"outcome", "unavailable"}}))
    , m_rejected(callsFamily(metrics).Add({{"outcome", "rejected"}}))
    , m_closed(breakerGauge(metrics, CircuitBreaker::State::Closed))
    , m_open(breakerGauge(metrics, CircuitBreaker::State::Open))
    , m_halfOpen(breakerGauge(metrics, CircuitBreaker::State::HalfOpen))
{
    refreshMetrics();
}

QString ResilientPaymentGateway::paymentMethod() const
{
    return m_inner.paymentMethod();
}

void ResilientPaymentGateway::stop()
{
    m_stop.stop();
}

CircuitBreaker::State ResilientPaymentGateway::breakerState() const
{
    return m_breaker.state();
}

void ResilientPaymentGateway::refreshMetrics()
{
    const CircuitBreaker::State state = m_breaker.state();
    m_closed.Set(state == CircuitBreaker::State::Closed ? 1 : 0);
    m_open.Set(state == CircuitBreaker::State::Open ? 1 : 0);
    m_halfOpen.Set(state == CircuitBreaker::State::HalfOpen ? 1 : 0);
}

ChargeResult ResilientPaymentGateway::charge(const ChargeRequest &request, std::chrono::milliseconds timeout)
{
    const Call call = [this, &request](std::chrono::milliseconds limit) { return m_inner.charge(request, limit); };
    return callWithRetries(call, timeout,
                           {{QStringLiteral("orderId"), idText(request.orderId)},
                            {QStringLiteral("orderNumber"), request.orderNumber}});
}

RefundResult ResilientPaymentGateway::refund(const RefundRequest &request, std::chrono::milliseconds timeout)
{
    const Call call = [this, &request](std::chrono::milliseconds limit) { return m_inner.refund(request, limit); };
    return callWithRetries(call, timeout,
                           {{QStringLiteral("idempotencyKey"), request.idempotencyKey},
                            {QStringLiteral("orderNumber"), request.orderNumber}});
}

std::vector<ChargeResult> ResilientPaymentGateway::chargeAll(const std::vector<ChargeRequest> &requests,
                                                            std::chrono::milliseconds timeout)
{
    if (m_stop.isStopped())
        return std::vector<ChargeResult>(requests.size(), unavailable(QStringLiteral("shutting down")));
    if (requests.empty())
        return {};
    if (!m_breaker.tryAcquire()) {
        m_rejected.Increment();
        refreshMetrics();
        return std::vector<ChargeResult>(requests.size(),
                                         unavailable(QStringLiteral("payment gateway unavailable (circuit open)")));
    }
    std::vector<ChargeResult> results = m_inner.chargeAll(requests, std::min(m_options.timeout, timeout));
    results.resize(requests.size(), unavailable(QStringLiteral("payment gateway gave no answer")));
    // One call, one outcome for the breaker: the gateway worked if it
    // decided anything.
    bool isAnyDecided = false;
    for (const ChargeResult &result : results) {
        isAnyDecided = isAnyDecided || result.outcome != Outcome::Unavailable;
        (result.outcome == Outcome::Approved   ? m_approved
         : result.outcome == Outcome::Declined ? m_declined
                                               : m_unavailable)
            .Increment();
    }
    if (isAnyDecided)
        m_breaker.recordSuccess();
    else
        m_breaker.recordFailure();
    refreshMetrics();
    for (std::size_t i = 0; i < requests.size(); ++i)
        if (results[i].outcome == Outcome::Unavailable && !m_stop.isStopped())
            results[i] = charge(requests[i], timeout);
    return results;
}

ChargeResult ResilientPaymentGateway::callWithRetries(const Call &call, std::chrono::milliseconds timeout,
                                                      const QJsonObject &logFields)
{
    const std::chrono::milliseconds attemptTimeout = std::min(m_options.timeout, timeout);
    ChargeResult last = unavailable(QStringLiteral("payment gateway unavailable"));
    for (int attemptNumber = 1; attemptNumber <= m_options.maxAttempts; ++attemptNumber) {
        if (m_stop.isStopped())
            return unavailable(QStringLiteral("shutting down"));
        last = attempt(call, attemptTimeout);
        if (last.outcome != Outcome::Unavailable)
            return last; // the gateway decided; asking again would get the same answer
        QJsonObject fields = logFields;
        fields.insert(QStringLiteral("attempt"), attemptNumber);
        fields.insert(QStringLiteral("reason"), last.failureReason);
        log::warn(kLogger, QStringLiteral("payment gateway call did not get a decision"), fields);
        // An open circuit stays open far longer than any backoff: fail fast
        // instead of holding the consumer for seconds per order.
        if (m_breaker.state() == CircuitBreaker::State::Open)
            return last;
        if (attemptNumber < m_options.maxAttempts && !m_stop.sleepFor(backoffAfter(attemptNumber)))
            return unavailable(QStringLiteral("shutting down"));
    }
    return last;
}

ChargeResult ResilientPaymentGateway::attempt(const Call &call, std::chrono::milliseconds timeout)
{
    if (!m_breaker.tryAcquire()) {
        m_rejected.Increment();
        refreshMetrics();
        return unavailable(QStringLiteral("payment gateway unavailable (circuit open)"));
    }
    const ChargeResult result = call(timeout);
    switch (result.outcome) {
    case Outcome::Approved:
        m_breaker.recordSuccess();
        m_approved.Increment();
        break;
    case Outcome::Declined:
        m_breaker.recordSuccess(); // a decline is the gateway working
        m_declined.Increment();
        break;
    case Outcome::Unavailable:
        m_breaker.recordFailure();
        m_unavailable.Increment();
        break;
    }
    refreshMetrics();
    return result;
}

// Exponential (initial, 2x, 4x, ... capped at maxBackoff) with "equal
// jitter": uniformly in [base/2, base], so daemons that failed together do
// not all come back in the same millisecond.
std::chrono::milliseconds ResilientPaymentGateway::backoffAfter(int attempt) const
{
    qint64 base = m_options.initialBackoff.count();
    const qint64 cap = m_options.maxBackoff.count();
    for (int i = 1; i < attempt && base < cap; ++i)
        base *= 2; // stops at the cap, so it never overflows
    base = std::max<qint64>(0, std::min(base, cap));
    std::uniform_int_distribution<qint64> jitter(base / 2, base);
    return std::chrono::milliseconds(jitter(*QRandomGenerator::global()));
}

} // namespace shop
