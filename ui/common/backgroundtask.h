#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace shop {

// Runs work (a database or service call) on Qt's global thread pool and hands
// its result to done on context's thread, so the GUI thread never waits for
// the database. Each pool thread has its own database connection (Database
// is per-thread). work must not capture widgets: it runs elsewhere and may
// outlive context, in which case done is simply never called. Whoever owns
// the services waits for QThreadPool::globalInstance() before destroying them.
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
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

} // namespace shop
