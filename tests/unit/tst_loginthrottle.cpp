#include "api/loginthrottle.h"
#include "testclock.h"

#include <QtTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace shop;

namespace {

bool allowed(const std::variant<LoginThrottle::Ticket, LoginThrottle::RetryAfter> &attempt)
{
    return std::holds_alternative<LoginThrottle::Ticket>(attempt);
}

int retryAfter(const std::variant<LoginThrottle::Ticket, LoginThrottle::RetryAfter> &attempt)
{
    return std::get<LoginThrottle::RetryAfter>(attempt).seconds;
}

// The free failures of (user, address), each attempt counted as failed.
void failFreely(LoginThrottle &throttle, const QString &user, const QString &address)
{
    for (int i = 0; i < LoginThrottle::kFreeFailuresPerUser; ++i)
        QVERIFY(allowed(throttle.begin(user, address)));
}

} // namespace

class LoginThrottleTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anotherAddressCannotLockTheUserOut()
    {
        testsupport::TestClock clock;
        LoginThrottle throttle(clock);
        failFreely(throttle, QStringLiteral("manager"), QStringLiteral("10.0.0.66"));
        QVERIFY(!allowed(throttle.begin(QStringLiteral("manager"), QStringLiteral("10.0.0.66"))));
        QVERIFY(!allowed(throttle.begin(QStringLiteral("MANAGER"), QStringLiteral("10.0.0.66"))));
        QVERIFY(allowed(throttle.begin(QStringLiteral("manager"), QStringLiteral("10.0.0.1"))));
    }

    void backOffDoublesWithEachFailure()
    {
        testsupport::TestClock clock;
        LoginThrottle throttle(clock);
        const QString user = QStringLiteral("manager"), address = QStringLiteral("10.0.0.66");
        failFreely(throttle, user, address);
        int previous = retryAfter(throttle.begin(user, address));
        QCOMPARE(previous, 1);
        for (int round = 0; round < 4; ++round) {
            clock.advance(previous);
            QVERIFY(allowed(throttle.begin(user, address)));
            const int next = retryAfter(throttle.begin(user, address));
            QCOMPARE(next, previous * 2);
            previous = next;
        }
        // It stops growing at the cap.
        for (int round = 0; round < 20; ++round) {
            clock.advance(previous);
            throttle.begin(user, address);
            previous = retryAfter(throttle.begin(user, address));
        }
        QCOMPARE(previous, int(LoginThrottle::kMaxBackoffMs / 1000));
    }

    void successForgetsTheUsersFailures()
    {
        testsupport::TestClock clock;
        LoginThrottle throttle(clock);
        const QString user = QStringLiteral("manager"), address = QStringLiteral("10.0.0.1");
        for (int i = 0; i < LoginThrottle::kFreeFailuresPerUser - 1; ++i)
            throttle.begin(user, address);
        const auto right = throttle.begin(user, address);
        QVERIFY(allowed(right));
        throttle.succeeded(std::get<LoginThrottle::Ticket>(right));
        failFreely(throttle, user, address);
    }

    void anUncheckedAttemptDoesNotCount()
    {
        testsupport::TestClock clock;
        LoginThrottle throttle(clock);
        const QString user = QStringLiteral("manager"), address = QStringLiteral("10.0.0.1");
        for (int i = 0; i < 3 * LoginThrottle::kFreeFailuresPerUser; ++i) {
            const auto busy = throttle.begin(user, address);
            QVERIFY(allowed(busy));
            throttle.notChecked(std::get<LoginThrottle::Ticket>(busy));
        }
    }

    void oneAddressCannotTryManyUsernames()
    {
        testsupport::TestClock clock;
        LoginThrottle throttle(clock);
        const QString address = QStringLiteral("10.0.0.66");
        for (int i = 0; i < LoginThrottle::kFreeFailuresPerAddress; ++i)
            QVERIFY(allowed(throttle.begin(QStringLiteral("user%1").arg(i), address)));
        QVERIFY(!allowed(throttle.begin(QStringLiteral("someone-new"), address)));
        QVERIFY(allowed(throttle.begin(QStringLiteral("someone-new"), QStringLiteral("10.0.0.1"))));
    }

    void quietFailuresAreForgotten()
    {
        testsupport::TestClock clock;
        LoginThrottle throttle(clock);
        const QString user = QStringLiteral("manager"), address = QStringLiteral("10.0.0.1");
        failFreely(throttle, user, address);
        clock.advance(LoginThrottle::kForgetAfterMs / 1000);
        failFreely(throttle, user, address);
    }

    void concurrentBadLoginsCheckAtMostTheFreeNumber()
    {
        testsupport::TestClock clock;
        LoginThrottle throttle(clock);
        constexpr int kAttempts = 40;
        std::atomic<int> admitted{0};
        std::atomic<bool> go{false};
        std::vector<std::thread> attackers;
        for (int i = 0; i < kAttempts; ++i) {
            attackers.emplace_back([&] {
                while (!go.load())
                    std::this_thread::yield();
                if (allowed(throttle.begin(QStringLiteral("manager"), QStringLiteral("10.0.0.66"))))
                    admitted.fetch_add(1); // the password would be checked now
            });
        }
        go.store(true);
        for (std::thread &attacker : attackers)
            attacker.join();
        QCOMPARE(admitted.load(), LoginThrottle::kFreeFailuresPerUser);
    }

    void memoryStaysBoundedUnderAFloodOfNames()
    {
        testsupport::TestClock clock;
        constexpr int kMaxEntries = 1000;
        LoginThrottle throttle(clock, kMaxEntries);
        const QString longName(10000, u'x');
        for (int i = 0; i < 20 * kMaxEntries; ++i) {
            const QString address = QStringLiteral("10.%1.%2.%3").arg(i >> 16).arg((i >> 8) & 255).arg(i & 255);
            throttle.begin(QString::number(i) + longName.left(i % 2 ? 10000 : 10), address);
            QVERIFY(throttle.entryCount() <= 2 * kMaxEntries);
        }
        QVERIFY(throttle.entryCount() > kMaxEntries / 2);
    }

    void aLockedUserSurvivesAFloodOfOtherNames()
    {
        // Eviction drops the quietest entries first: a flood of one-off
        // names does not unlock a user who is being guessed right now.
        testsupport::TestClock clock;
        constexpr int kMaxEntries = 1000;
        LoginThrottle throttle(clock, kMaxEntries);
        const QString user = QStringLiteral("manager"), address = QStringLiteral("10.0.0.66");
        clock.advance(-1);
        for (int i = 0; i < 2 * kMaxEntries; ++i)
            throttle.begin(QStringLiteral("flood%1").arg(i), QStringLiteral("10.1.%1.%2").arg(i >> 8).arg(i & 255));
        clock.advance(1);
        failFreely(throttle, user, address);
        for (int i = 0; i < kMaxEntries / 4; ++i)
            throttle.begin(QStringLiteral("late%1").arg(i), QStringLiteral("10.2.%1.%2").arg(i >> 8).arg(i & 255));
        QVERIFY(!allowed(throttle.begin(user, address)));
    }
};

QTEST_GUILESS_MAIN(LoginThrottleTest)
#include "tst_loginthrottle.moc"
