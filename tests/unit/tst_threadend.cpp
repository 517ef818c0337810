#include "core/backgroundthread.h"
#include "core/threadend.h"

#include <QSemaphore>
#include <QSet>
#include <QThreadPool>
#include <QtTest>

#include <mutex>

#include <atomic>

using namespace shop;

// Resources held per thread (database connections) are released by the
// thread's end work, before the thread is joined: once, on that thread.
class ThreadEndTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void endWorkRunsOnceInReverseOrder()
    {
        QStringList ran;
        atThreadEnd([&] { ran.append(QStringLiteral("first")); });
        atThreadEnd([&] { ran.append(QStringLiteral("second")); });
        runThreadEndWork();
        runThreadEndWork();
        QCOMPARE(ran, (QStringList{QStringLiteral("second"), QStringLiteral("first")}));
    }

    void aBackgroundThreadRunsItsEndWorkBeforeStopReturns()
    {
        BackgroundThread thread(QStringLiteral("test-end-work"));
        thread.start();
        std::atomic<bool> released{false};
        Qt::HANDLE ranOn = nullptr;
        Qt::HANDLE threadId = nullptr;
        thread.post([&] {
            threadId = QThread::currentThreadId();
            atThreadEnd([&] {
                ranOn = QThread::currentThreadId();
                released = true;
            });
        });
        thread.stop();
        QVERIFY(released);
        QCOMPARE(ranOn, threadId);
    }

    // The HTTP workers and the GUI's pool: every thread that holds end work
    // runs it, on itself, before the pool is joined.
    void everyThreadOfAPoolRunsItsEndWorkBeforeTheJoin()
    {
        QThreadPool pool;
        pool.setMaxThreadCount(4);
        pool.setExpiryTimeout(-1);
        std::mutex mutex;
        QSet<Qt::HANDLE> registered;
        QSet<Qt::HANDLE> ranOn;
        // Four tasks held together, so four threads each register their work.
        QSemaphore started;
        QSemaphore go;
        for (int i = 0; i < 4; ++i) {
            pool.start([&] {
                {
                    std::lock_guard lock(mutex);
                    registered.insert(QThread::currentThreadId());
                }
                atThreadEnd([&] {
                    std::lock_guard lock(mutex);
                    ranOn.insert(QThread::currentThreadId());
                });
                started.release();
                go.acquire();
            });
        }
        const auto join = qScopeGuard([&] {
            go.release(4);
            pool.waitForDone();
        });
        QVERIFY(started.tryAcquire(4, 10000));
        go.release(4); // a task still running when the end work is asked for finishes first

        QVERIFY(runEndWorkOnPoolThreads(pool, std::chrono::seconds(10)));
        {
            std::lock_guard lock(mutex);
            QCOMPARE(registered.size(), 4);
            QCOMPARE(ranOn, registered);
        }
    }

    void aThreadStillBusyAtTheDeadlineIsReportedNotWaitedFor()
    {
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        QSemaphore busy;
        QSemaphore release;
        pool.start([&] {
            busy.release();
            release.acquire();
        });
        const auto releaseAndJoin = qScopeGuard([&] {
            release.release();
            pool.waitForDone();
        });
        QVERIFY(busy.tryAcquire(1, 10000));
        QVERIFY(!runEndWorkOnPoolThreads(pool, std::chrono::milliseconds(200)));
    }
};

QTEST_GUILESS_MAIN(ThreadEndTest)
#include "tst_threadend.moc"
