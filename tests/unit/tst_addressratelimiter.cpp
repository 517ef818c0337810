#include "api/addressratelimiter.h"
#include "testclock.h"

#include <QtTest>

using shop::AddressRateLimiter;
using testsupport::TestClock;

namespace {

QHostAddress address(int n)
{
    return QHostAddress(QStringLiteral("10.0.%1.%2").arg(n / 250).arg(n % 250 + 1));
}

} // namespace

// The per-address token bucket in front of anonymous order lookups.
class AddressRateLimiterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aBurstGoesThroughThenTheAddressWaits()
    {
        TestClock clock;
        AddressRateLimiter limiter(clock, {2, 4});
        for (int i = 0; i < 4; ++i)
            QCOMPARE(limiter.take(address(1)), std::nullopt);
        QCOMPARE(limiter.take(address(1)), std::optional<int>(1));

        clock.advance(1); // two requests' worth at 2 a second
        QCOMPARE(limiter.take(address(1)), std::nullopt);
        QCOMPARE(limiter.take(address(1)), std::nullopt);
        QVERIFY(limiter.take(address(1)).has_value());
    }

    void retryAfterIsTheTimeToTheNextRequest()
    {
        TestClock clock;
        AddressRateLimiter limiter(clock, {1, 1});
        QCOMPARE(limiter.take(address(1)), std::nullopt);
        const std::optional<int> wait = limiter.take(address(1));
        QCOMPARE(wait, std::optional<int>(1));
        clock.advance(*wait);
        QCOMPARE(limiter.take(address(1)), std::nullopt);
    }

    void oneAddressDoesNotSlowAnother()
    {
        TestClock clock;
        AddressRateLimiter limiter(clock, {1, 2});
        for (int i = 0; i < 5; ++i)
            limiter.take(address(1));
        QVERIFY(limiter.take(address(1)).has_value());
        QCOMPARE(limiter.take(address(2)), std::nullopt);
        QCOMPARE(limiter.take(QHostAddress(QStringLiteral("::1"))), std::nullopt);
    }

    void zeroPerSecondMeansNoLimit()
    {
        TestClock clock;
        AddressRateLimiter limiter(clock, {0, 0});
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(limiter.take(address(1)), std::nullopt);
        QCOMPARE(limiter.trackedAddresses(), 0);
    }

    void theTableNeverHoldsMoreThanItsCap()
    {
        TestClock clock;
        AddressRateLimiter limiter(clock, {1, 5, 3});
        for (int n = 0; n < 1000; ++n) {
            // Each address spends its whole burst, so none is idle enough to forget.
            for (int i = 0; i < 5; ++i)
                QCOMPARE(limiter.take(address(n)), std::nullopt);
            QVERIFY(limiter.take(address(n)).has_value());
            QVERIFY2(limiter.trackedAddresses() <= 3, qPrintable(QString::number(limiter.trackedAddresses())));
        }
        QCOMPARE(limiter.trackedAddresses(), 3);
    }

    void anAddressThatKeepsAskingStaysLimitedWhileOthersComeAndGo()
    {
        TestClock clock;
        AddressRateLimiter limiter(clock, {1, 10, 3});
        const QHostAddress abuser = address(0);
        while (!limiter.take(abuser))
            ;
        for (int n = 1; n <= 50; ++n) {
            clock.advance(1);
            QCOMPARE(limiter.take(address(n)), std::nullopt);
            QCOMPARE(limiter.take(abuser), std::nullopt); // the one request earned in the second
            QVERIFY(limiter.take(abuser).has_value());
            QVERIFY(limiter.trackedAddresses() <= 3);
        }
    }

    void idleAddressesAreForgotten()
    {
        TestClock clock;
        AddressRateLimiter limiter(clock, {1, 2, 3});
        for (int n = 0; n < 3; ++n)
            limiter.take(address(n));
        QCOMPARE(limiter.trackedAddresses(), 3);
        clock.advance(5); // every bucket is full again
        QCOMPARE(limiter.take(address(3)), std::nullopt);
        QCOMPARE(limiter.trackedAddresses(), 1);
    }
};

QTEST_GUILESS_MAIN(AddressRateLimiterTest)
#include "tst_addressratelimiter.moc"
