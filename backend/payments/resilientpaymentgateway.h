#pragma once

#include "core/settings.h"
#include "payments/circuitbreaker.h"
#include "payments/paymentgateway.h"
#include "payments/stopsignal.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include <QJsonObject>

#include <chrono>
#include <functional>

namespace shop {

class Metrics;

// Wraps a gateway with what every call to something remote needs: a time
// limit per attempt, retries with exponential backoff and jitter for answers
// that decided nothing (Unavailable), and a circuit breaker so a gateway
// that is down fails orders fast instead of tying up the consumer.
//
// Charges and refunds go through the same retries and the same breaker (one
// gateway, one health). Retrying is safe because the inner gateway is
// idempotent (by orderId for charges, by idempotency key for refunds). A
// Declined answer is final and returned at once.
//
// The timeout given to charge() bounds each attempt (together with
// Options::timeout, whichever is shorter), not the whole call: a charge may
// take up to maxAttempts * timeout plus the backoffs.
class ResilientPaymentGateway final : public PaymentGateway
{
public:
    struct Options
    {
        std::chrono::milliseconds timeout = std::chrono::seconds(5); // per attempt
        int maxAttempts = 3;
        std::chrono::milliseconds initialBackoff = std::chrono::seconds(1); // doubles per retry
        std::chrono::milliseconds maxBackoff = std::chrono::seconds(5);
        CircuitBreaker::Options breaker;
        CircuitBreaker::TimeSource now = &std::chrono::steady_clock::now; // for the breaker
    };

    static Options fromSettings(const Settings &settings);

    // inner and metrics must outlive this object.
    ResilientPaymentGateway(PaymentGateway &inner, Options options, Metrics &metrics);
    ResilientPaymentGateway(const ResilientPaymentGateway &) = delete;
    ResilientPaymentGateway &operator=(const ResilientPaymentGateway &) = delete;

    // Thread-safe. Returns the first Approved or Declined answer, otherwise
    // the last Unavailable one.
    ChargeResult charge(const ChargeRequest &request, std::chrono::milliseconds timeout) override;
    // One attempt for all through the breaker; each that got no decision
    // then goes through charge(), with its retries.
    std::vector<ChargeResult> chargeAll(const std::vector<ChargeRequest> &requests,
                                        std::chrono::milliseconds timeout) override;
    RefundResult refund(const RefundRequest &request, std::chrono::milliseconds timeout) override;
    QString paymentMethod() const override; // the inner gateway's

    // Cuts retry backoffs short (the charge answers Unavailable "shutting
    // down") and refuses later charges. Does not stop the inner gateway.
    void stop();

    CircuitBreaker::State breakerState() const;

    // Sets payment_circuit_breaker_state to the breaker's current state,
    // which moves from OPEN to HALF_OPEN on its own; call before a scrape.
    void refreshMetrics();

private:
    // One gateway call (charge or refund) with the time limit it is given.
    using Call = std::function<ChargeResult(std::chrono::milliseconds)>;

    ChargeResult callWithRetries(const Call &call, std::chrono::milliseconds timeout, const QJsonObject &logFields);
    ChargeResult attempt(const Call &call, std::chrono::milliseconds timeout);
    std::chrono::milliseconds backoffAfter(int attempt) const;

    PaymentGateway &m_inner;
    const Options m_options;
    CircuitBreaker m_breaker;
    StopSignal m_stop;

    prometheus::Counter &m_approved;
    prometheus::Counter &m_declined;
    prometheus::Counter &m_unavailable;
    prometheus::Counter &m_rejected;
    prometheus::Gauge &m_closed;
    prometheus::Gauge &m_open;
    prometheus::Gauge &m_halfOpen;
};

} // namespace shop
