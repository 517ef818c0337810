#include "core/metrics.h"
#include "payments/resilientpaymentgateway.h"

#include <QThread>
#include <QtTest>

#include <deque>
#include <future>
#include <mutex>

using namespace shop;
using namespace std::chrono_literals;
using Outcome = ChargeResult::Outcome;
using State = CircuitBreaker::State;

namespace {

ChargeResult approved() { return {Outcome::Approved, QStringLiteral("ext-1"), {}}; }
ChargeResult declined() { return {Outcome::Declined, {}, QStringLiteral("card declined")}; }
ChargeResult unavailable() { return {Outcome::Unavailable, {}, QStringLiteral("payment gateway error")}; }

// Answers from a script, one entry per call, and remembers how it was called.
class ScriptedGateway final : public PaymentGateway
{
public:
    void script(std::initializer_list<ChargeResult> answers)
    {
        std::lock_guard lock(m_mutex);
        m_answers.insert(m_answers.end(), answers);
    }

    ChargeResult charge(const ChargeRequest &, std::chrono::milliseconds timeout) override
    {
        return next(timeout);
    }

    RefundResult refund(const RefundRequest &, std::chrono::milliseconds timeout) override
    {
        return next(timeout);
    }

    ChargeResult next(std::chrono::milliseconds timeout)
    {
        std::lock_guard lock(m_mutex);
        ++m_calls;
        m_lastTimeout = timeout;
        if (m_calls == 1)
            m_firstCall.set_value();
        if (m_answers.empty())
            return unavailable();
        const ChargeResult answer = m_answers.front();
        m_answers.pop_front();
        return answer;
    }

    QString paymentMethod() const override { return QStringLiteral("SCRIPTED"); }

    int calls() const
    {
        std::lock_guard lock(m_mutex);
        return m_calls;
    }
    std::chrono::milliseconds lastTimeout() const
    {
        std::lock_guard lock(m_mutex);
        return m_lastTimeout;
    }
    std::future<void> firstCall() { return m_firstCall.get_future(); }

private:
    mutable std::mutex m_mutex;
    std::deque<ChargeResult> m_answers;
    int m_calls = 0;
    std::chrono::milliseconds m_lastTimeout{0};
    std::promise<void> m_firstCall;
};

struct FakeTime
{
    std::chrono::steady_clock::time_point now{std::chrono::hours(1)};
};

ResilientPaymentGateway::Options fastOptions(FakeTime &time)
{
    ResilientPaymentGateway::Options options;
    options.timeout = 200ms;
    options.maxAttempts = 3;
    options.initialBackoff = 1ms;
    options.maxBackoff = 5ms;
    options.breaker = {.failureThreshold = 3, .openDuration = 30s};
    options.now = [&time] { return time.now; };
    return options;
}

ChargeRequest anOrder()
{
    return {QUuid::createUuid(), QStringLiteral("ORD-20260101-001"), Money::fromCents(1999), QStringLiteral("corr-1")};
}

bool hasLine(Metrics &metrics, const QByteArray &line)
{
    return metrics.scrape().split('\n').contains(line);
}

} // namespace

class ResilientPaymentGatewayTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unavailableAnswersAreRetriedUntilOneDecides()
    {
        FakeTime time;
        ScriptedGateway inner;
        Metrics metrics;
        ResilientPaymentGateway gateway(inner, fastOptions(time), metrics);
        inner.script({unavailable(), unavailable(), approved()});

        const ChargeResult result = gateway.charge(anOrder(), 5s);

        QCOMPARE(result.outcome, Outcome::Approved);
        QCOMPARE(result.externalTransactionId, QStringLiteral("ext-1"));
        QCOMPARE(inner.calls(), 3);
        QCOMPARE(gateway.breakerState(), State::Closed); // the success reset the two failures
    }

    void givesUpAfterThreeAttemptsWithTheLastAnswer()
    {
        FakeTime time;
        ScriptedGateway inner;
        Metrics metrics;
        ResilientPaymentGateway gateway(inner, fastOptions(time), metrics);
        inner.script({unavailable(), unavailable(), {Outcome::Unavailable, {}, QStringLiteral("payment gateway timed out")},
                      approved()});

        const ChargeResult result = gateway.charge(anOrder(), 5s);

        QCOMPARE(result.outcome, Outcome::Unavailable);
        QCOMPARE(result.failureReason, QStringLiteral("payment gateway timed out"));
        QCOMPARE(inner.calls(), 3);
    }

    void declineIsFinalAndReturnedAtOnce()
    {
        FakeTime time;
        ScriptedGateway inner;
        Metrics metrics;
        ResilientPaymentGateway gateway(inner, fastOptions(time), metrics);
        inner.script({declined(), approved()});

        const ChargeResult result = gateway.charge(anOrder(), 5s);

        QCOMPARE(result.outcome, Outcome::Declined);
        QCOMPARE(result.failureReason, QStringLiteral("card declined"));
        QCOMPARE(inner.calls(), 1);
        QVERIFY(hasLine(metrics, "payment_gateway_calls_total{outcome=\"declined\"} 1"));
    }

    void refundsAreRetriedAndShareTheBreakerWithCharges()
    {
        FakeTime time;
        ScriptedGateway inner;
        Metrics metrics;
        ResilientPaymentGateway gateway(inner, fastOptions(time), metrics);
        const RefundRequest refund{QStringLiteral("ext-1"), Money::fromCents(1000), QStringLiteral("refund-1"),
                                   QStringLiteral("ORD-20260101-001"), {}};
        inner.script({unavailable(), approved()});

        QCOMPARE(gateway.refund(refund, 5s).outcome, Outcome::Approved);
        QCOMPARE(inner.calls(), 2);

        gateway.refund(refund, 5s); // three unanswered attempts open the breaker
        QCOMPARE(gateway.breakerState(), State::Open);
        inner.script({approved()});
        const ChargeResult charged = gateway.charge(anOrder(), 5s);
        QCOMPARE(charged.failureReason, QStringLiteral("payment gateway unavailable (circuit open)"));
        QCOMPARE(inner.calls(), 5);
    }

    void eachAttemptGetsTheShorterOfBothTimeouts()
    {
        FakeTime time;
        ScriptedGateway inner;
        Metrics metrics;
        ResilientPaymentGateway gateway(inner, fastOptions(time), metrics); // 200 ms configured
        inner.script({approved(), approved()});

        gateway.charge(anOrder(), 5s);
        QCOMPARE(inner.lastTimeout(), 200ms);
        gateway.charge(anOrder(), 50ms);
        QCOMPARE(inner.lastTimeout(), 50ms);
    }

    void openBreakerRejectsWithoutCallingTheGateway()
    {
        FakeTime time;
        ScriptedGateway inner;
        Metrics metrics;
        ResilientPaymentGateway gateway(inner, fastOptions(time), metrics);
        gateway.charge(anOrder(), 5s); // three unanswered attempts
        QCOMPARE(inner.calls(), 3);
        QCOMPARE(gateway.breakerState(), State::Open);

        inner.script({approved()});
        const ChargeResult result = gateway.charge(anOrder(), 5s);

        QCOMPARE(result.outcome, Outcome::Unavailable);
        QCOMPARE(result.failureReason, QStringLiteral("payment gateway unavailable (circuit open)"));
        QCOMPARE(inner.calls(), 3);
        QVERIFY(hasLine(metrics, "payment_gateway_calls_total{outcome=\"unavailable\"} 3"));
        // An open circuit fails fast: no retries waiting out backoffs.
        QVERIFY(hasLine(metrics, "payment_gateway_calls_total{outcome=\"rejected\"} 1"));
    }

    void halfOpenTrialThatSucceedsClosesTheBreaker()
    {
        FakeTime time;
        ScriptedGateway inner;
        Metrics metrics;
        ResilientPaymentGateway gateway(inner, fastOptions(time), metrics);
        gateway.charge(anOrder(), 5s);
        QCOMPARE(gateway.breakerState(), State::Open);

        time.now += 30s;
        QCOMPARE(gateway.breakerState(), State::HalfOpen);
        inner.script({approved()});
        const ChargeResult result = gateway.charge(anOrder(), 5s);

        QCOMPARE(result.outcome, Outcome::Approved);
        QCOMPARE(inner.calls(), 4);
        QCOMPARE(gateway.breakerState(), State::Closed);
    }

    void halfOpenTrialThatFailsReopensAndFailsFast()
    {
        FakeTime time;
        ScriptedGateway inner;
        Metrics metrics;
        ResilientPaymentGateway gateway(inner, fastOptions(time), metrics);
        gateway.charge(anOrder(), 5s);
        time.now += 30s;

        const ChargeResult result = gateway.charge(anOrder(), 5s); // the trial fails and the circuit reopens

        QCOMPARE(result.failureReason, QStringLiteral("payment gateway error"));
        QCOMPARE(inner.calls(), 4);
        QCOMPARE(gateway.breakerState(), State::Open);
    }

    void stopInterruptsALongBackoff()
    {
        FakeTime time;
        ScriptedGateway inner;
        Metrics metrics;
        ResilientPaymentGateway::Options options = fastOptions(time);
        options.initialBackoff = std::chrono::hours(1);
        options.maxBackoff = std::chrono::hours(1);
        ResilientPaymentGateway gateway(inner, options, metrics);
        std::future<void> firstCall = inner.firstCall();
        ChargeResult result;
        std::unique_ptr<QThread> charging(QThread::create([&] { result = gateway.charge(anOrder(), 5s); }));

        charging->start();
        firstCall.wait(); // the first attempt failed; the hour-long backoff begins
        // Let it reach its wait; had stop() come first, the charge would
        // answer the same at once and this test would merely prove less.
        QThread::msleep(100);
        gateway.stop();

        QVERIFY2(charging->wait(QDeadlineTimer(60s)), "stop() did not end the backoff");
        QCOMPARE(result.outcome, Outcome::Unavailable);
        QCOMPARE(result.failureReason, QStringLiteral("shutting down"));
        QCOMPARE(inner.calls(), 1);
    }

    void stoppedGatewayMakesNoCalls()
    {
        FakeTime time;
        ScriptedGateway inner;
        Metrics metrics;
        ResilientPaymentGateway gateway(inner, fastOptions(time), metrics);
        gateway.stop();

        const ChargeResult result = gateway.charge(anOrder(), 5s);

        QCOMPARE(result.failureReason, QStringLiteral("shutting down"));
        QCOMPARE(inner.calls(), 0);
    }

    void stateGaugeFollowsTheBreaker()
    {
        FakeTime time;
        ScriptedGateway inner;
        Metrics metrics;
        ResilientPaymentGateway gateway(inner, fastOptions(time), metrics);
        QVERIFY(hasLine(metrics, "payment_circuit_breaker_state{name=\"paymentGateway\",state=\"CLOSED\"} 1"));
        QVERIFY(hasLine(metrics, "payment_circuit_breaker_state{name=\"paymentGateway\",state=\"OPEN\"} 0"));

        gateway.charge(anOrder(), 5s);
        QVERIFY(hasLine(metrics, "payment_circuit_breaker_state{name=\"paymentGateway\",state=\"CLOSED\"} 0"));
        QVERIFY(hasLine(metrics, "payment_circuit_breaker_state{name=\"paymentGateway\",state=\"OPEN\"} 1"));

        time.now += 30s;
        gateway.refreshMetrics(); // what the /actuator/prometheus handler does before scraping
        QVERIFY(hasLine(metrics, "payment_circuit_breaker_state{name=\"paymentGateway\",state=\"OPEN\"} 0"));
        QVERIFY(hasLine(metrics, "payment_circuit_breaker_state{name=\"paymentGateway\",state=\"HALF_OPEN\"} 1"));
    }

    void paymentMethodIsTheInnerGateways()
    {
        FakeTime time;
        ScriptedGateway inner;
        Metrics metrics;
        ResilientPaymentGateway gateway(inner, fastOptions(time), metrics);
        QCOMPARE(gateway.paymentMethod(), QStringLiteral("SCRIPTED"));
    }

    void optionsComeFromSettings()
    {
        Settings settings;
        settings.paymentTimeoutMs = 1234;
        settings.paymentRetryBackoffMs = 10;
        settings.paymentRetryMaxBackoffMs = 40;
        settings.paymentBreakerOpenMs = 999;

        const auto options = ResilientPaymentGateway::fromSettings(settings);

        QCOMPARE(options.timeout, 1234ms);
        QCOMPARE(options.initialBackoff, 10ms);
        QCOMPARE(options.maxBackoff, 40ms);
        QCOMPARE(options.breaker.openDuration, 999ms);
        QCOMPARE(options.maxAttempts, 3);
        QCOMPARE(options.breaker.failureThreshold, 3);
    }
};

QTEST_GUILESS_MAIN(ResilientPaymentGatewayTest)
#include "tst_resilientpaymentgateway.moc"
