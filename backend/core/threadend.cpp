#include "threadend.h"

#include <QDeadlineTimer>
#include <QSet>
#include <QThread>
#include <QThreadPool>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace shop {

namespace {
thread_local std::vector<std::function<void()>> t_endWork;
}

void atThreadEnd(std::function<void()> work)
{
    t_endWork.push_back(std::move(work));
}

void runThreadEndWork()
{
    // Moved out first: the work may register more, for a later end.
    std::vector<std::function<void()>> work;
    work.swap(t_endWork);
    for (auto it = work.rbegin(); it != work.rend(); ++it)
        (*it)();
}

bool runEndWorkOnPoolThreads(QThreadPool &pool, std::chrono::milliseconds timeout)
{
    struct Gathering
    {
        std::mutex mutex;
        std::condition_variable allThere;
        QSet<Qt::HANDLE> threads; // a thread freed at the deadline may take a second task
    };
    // Shared with the tasks: one still queued at the deadline outlives this call.
    auto gathering = std::make_shared<Gathering>();
    const qsizetype threads = pool.maxThreadCount();
    const QDeadlineTimer deadline(timeout);
    const auto allThere = [&gathering = *gathering, threads] { return gathering.threads.size() >= threads; };
    for (qsizetype i = 0; i < threads; ++i) {
        pool.start([gathering, deadline, allThere] {
            runThreadEndWork();
            std::unique_lock lock(gathering->mutex);
            gathering->threads.insert(QThread::currentThreadId());
            gathering->allThere.notify_all();
            gathering->allThere.wait_for(lock, std::chrono::milliseconds(deadline.remainingTime()), allThere);
        });
    }
    std::unique_lock lock(gathering->mutex);
    return gathering->allThere.wait_for(lock, std::chrono::milliseconds(deadline.remainingTime()), allThere);
}

} // namespace shop
