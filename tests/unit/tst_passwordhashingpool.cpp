#include "auth/passwordhashingpool.h"

#include <QtTest>

#include <thread>
#include <vector>

using namespace shop;

class PasswordHashingPoolTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verifiesOnItsOwnThreads()
    {
        PasswordHashingPool pool(1, 1);
        const PasswordHash stored = PasswordHasher::hash("manager123");
        QCOMPARE(pool.verify("manager123", stored), std::optional<bool>(true));
        QCOMPARE(pool.verify("manager124", stored), std::optional<bool>(false));
        QCOMPARE(pool.inFlight(), 0);
    }

    void refusesBeyondItsCapacity()
    {
        PasswordHashingPool pool(1, 1);
        QCOMPARE(pool.capacity(), 2);
        // Slow enough hashes (a second or more) that the two admitted ones are still
        // running or queued when the third arrives.
        const PasswordHash slow = PasswordHasher::hash("slow", 1000000);
        std::vector<std::thread> admitted;
        for (int i = 0; i < pool.capacity(); ++i)
            admitted.emplace_back([&] { QCOMPARE(pool.verify("slow", slow), std::optional<bool>(true)); });
        QTRY_COMPARE_WITH_TIMEOUT(pool.inFlight(), pool.capacity(), 60000);
        QCOMPARE(pool.verify("slow", slow), std::nullopt);
        for (std::thread &thread : admitted)
            thread.join();
        QCOMPARE(pool.inFlight(), 0);
        QCOMPARE(pool.verify("slow", PasswordHasher::hash("slow", 1000)), std::optional<bool>(true));
    }
};

QTEST_GUILESS_MAIN(PasswordHashingPoolTest)
#include "tst_passwordhashingpool.moc"
