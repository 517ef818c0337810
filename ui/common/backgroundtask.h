#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace shop {

// The threads the windows' database and service calls run on. Not Qt's
// global pool: Qt paints large images with that one's threads, so calls
// stuck on a slow database there stalled the GUI thread's painting.
inline QThreadPool &backgroundPool()
{
    static QThreadPool *const pool = [] {
        auto *threads = new QThreadPool; // lives as long as the process: work may still be queued at exit
        threads->setMaxThreadCount(4);
        return threads;
    }();
    return *pool;
}

// Runs work (a database or service call) on backgroundPool() and hands its
// result to done on context's thread, so the GUI thread never waits for the
// database. Each pool thread has its own database connection (Database is
// per-thread). work must not capture widgets: it runs elsewhere and may
// outlive context, in which case done is simply never called. Whoever owns
// the services waits for backgroundPool() before destroying them.
template<typename Work, typename Done>
void runInBackground(QObject *context, Work work, Done done)
{
    using Value = std::invoke_result_t<Work>;
    auto *watcher = new QFutureWatcher<Value>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::move(done)]() mutable {
                         done(watcher->future().result());
                         watcher->deleteLater();
                     });
    watcher->setFuture(QtConcurrent::run(&backgroundPool(), std::move(work)));
}

} // namespace shop
