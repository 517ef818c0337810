#include "backgroundthread.h"

#include "threadend.h"

namespace shop {

BackgroundThread::BackgroundThread(const QString &name)
{
    m_thread.setObjectName(name);
    m_context.moveToThread(&m_thread);
}

BackgroundThread::~BackgroundThread()
{
    stop();
}

void BackgroundThread::start()
{
    if (m_thread.isRunning())
        return;
    m_isStopping = false;
    m_thread.start();
}

void BackgroundThread::post(std::function<void()> work)
{
    QMetaObject::invokeMethod(&m_context, std::move(work), Qt::QueuedConnection);
}

void BackgroundThread::stop(const std::function<void()> &lastWork)
{
    if (!m_thread.isRunning())
        return;
    {
        std::lock_guard lock(m_sleepMutex);
        m_isStopping = true;
    }
    m_wake.notify_all();
    // Queued behind the work in progress, which finishes first.
    post([this, &lastWork] {
        if (lastWork)
            lastWork();
        const QObjectList children = m_context.children();
        qDeleteAll(children);
        runThreadEndWork();
        m_thread.quit();
    });
    m_thread.wait();
}

bool BackgroundThread::sleepUnlessStopping(std::chrono::milliseconds duration)
{
    std::unique_lock lock(m_sleepMutex);
    return !m_wake.wait_for(lock, duration, [this] { return m_isStopping.load(); });
}

} // namespace shop
