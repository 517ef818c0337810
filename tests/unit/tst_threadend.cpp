#include "core/backgroundthread.h"
#include "core/threadend.h"

#include <QtTest>

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
};

QTEST_GUILESS_MAIN(ThreadEndTest)
#include "tst_threadend.moc"
