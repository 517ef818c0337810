#include "payments/circuitbreaker.h"

#include <QtTest>

using namespace shop;
using namespace std::chrono_literals;
using State = CircuitBreaker::State;

namespace {

// A monotonic clock the test moves by hand, so nothing sleeps.
struct FakeTime
{
    std::chrono::steady_clock::time_point now{std::chrono::hours(1)};

    CircuitBreaker::TimeSource source()
    {
        return [this] { return now; };
    }
};

const CircuitBreaker::Options kOptions{.failureThreshold = 3, .openDuration = 30s};

void fail(CircuitBreaker &breaker, int times)
{
    for (int i = 0; i < times; ++i) {
        QVERIFY(breaker.tryAcquire());
        breaker.recordFailure();
    }
}

} // namespace

class CircuitBreakerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void closedLetsCallsThroughUntilTheThresholdIsReached()
    {
        FakeTime time;
        CircuitBreaker breaker(kOptions, time.source());

        fail(breaker, 2);
        QCOMPARE(breaker.state(), State::Closed);
        QVERIFY(breaker.tryAcquire());

        breaker.recordFailure(); // the third in a row
        QCOMPARE(breaker.state(), State::Open);
    }

    void successResetsTheFailureCount()
    {
        FakeTime time;
        CircuitBreaker breaker(kOptions, time.source());

        fail(breaker, 2);
        QVERIFY(breaker.tryAcquire());
        breaker.recordSuccess();
        fail(breaker, 2);

        QCOMPARE(breaker.state(), State::Closed); // 2 + 2 failures, but never 3 in a row
    }

    void openRejectsUntilTheDurationHasPassed()
    {
        FakeTime time;
        CircuitBreaker breaker(kOptions, time.source());
        fail(breaker, 3);

        QVERIFY(!breaker.tryAcquire());
        time.now += 29999ms;
        QVERIFY(!breaker.tryAcquire());
        QCOMPARE(breaker.state(), State::Open);
    }

    void halfOpenAfterTheDurationWithoutAnyCall()
    {
        FakeTime time;
        CircuitBreaker breaker(kOptions, time.source());
        fail(breaker, 3);

        time.now += 30s;

        QCOMPARE(breaker.state(), State::HalfOpen);
        QCOMPARE(CircuitBreaker::stateName(breaker.state()), QStringLiteral("HALF_OPEN"));
    }

    void halfOpenLetsExactlyOneTrialThrough()
    {
        FakeTime time;
        CircuitBreaker breaker(kOptions, time.source());
        fail(breaker, 3);
        time.now += 30s;

        QVERIFY(breaker.tryAcquire());
        QVERIFY(!breaker.tryAcquire()); // the trial is still in flight
        QVERIFY(!breaker.tryAcquire());
        QCOMPARE(breaker.state(), State::HalfOpen);
    }

    void successfulTrialCloses()
    {
        FakeTime time;
        CircuitBreaker breaker(kOptions, time.source());
        fail(breaker, 3);
        time.now += 30s;
        QVERIFY(breaker.tryAcquire());

        breaker.recordSuccess();

        QCOMPARE(breaker.state(), State::Closed);
        QVERIFY(breaker.tryAcquire());
        QVERIFY(breaker.tryAcquire());
        breaker.recordFailure(); // the count started over
        breaker.recordFailure();
        QCOMPARE(breaker.state(), State::Closed);
    }

    void failedTrialReopensForAnotherFullDuration()
    {
        FakeTime time;
        CircuitBreaker breaker(kOptions, time.source());
        fail(breaker, 3);
        time.now += 30s;
        QVERIFY(breaker.tryAcquire());

        time.now += 5s; // the trial took a while
        breaker.recordFailure();

        QCOMPARE(breaker.state(), State::Open);
        QVERIFY(!breaker.tryAcquire());
        time.now += 29999ms;
        QCOMPARE(breaker.state(), State::Open);
        time.now += 1ms;
        QCOMPARE(breaker.state(), State::HalfOpen);
        QVERIFY(breaker.tryAcquire()); // a new trial
    }

    void lateFailureFromBeforeOpeningDoesNotExtendTheRest()
    {
        FakeTime time;
        CircuitBreaker breaker(kOptions, time.source());
        QVERIFY(breaker.tryAcquire()); // a slow call starts while closed
        fail(breaker, 3);

        time.now += 20s;
        breaker.recordFailure(); // the slow call fails late
        time.now += 10s;

        QCOMPARE(breaker.state(), State::HalfOpen);
    }

    void stateNamesAreTheMetricLabels()
    {
        QCOMPARE(CircuitBreaker::stateName(State::Closed), QStringLiteral("CLOSED"));
        QCOMPARE(CircuitBreaker::stateName(State::Open), QStringLiteral("OPEN"));
        QCOMPARE(CircuitBreaker::stateName(State::HalfOpen), QStringLiteral("HALF_OPEN"));
    }
};

QTEST_GUILESS_MAIN(CircuitBreakerTest)
#include "tst_circuitbreaker.moc"
