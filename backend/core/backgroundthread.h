#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace shop {

// A named thread with an event loop, for the engine's background loops
// (housekeeping jobs, the outbox relay, Kafka consumers), that stops cleanly:
// stop() raises isStopping(), wakes sleepUnlessStopping(), lets the work in
// progress finish, runs the last work given to it on the thread, deletes the
// objects parented to context() there, and joins. It can be started again.
class BackgroundThread
{
public:
    explicit BackgroundThread(const QString &name);
    ~BackgroundThread();
    BackgroundThread(const BackgroundThread &) = delete;
    BackgroundThread &operator=(const BackgroundThread &) = delete;

    void start();
    bool isRunning() const { return m_thread.isRunning(); }
    // Queues work on the thread's event loop. Work that loops by itself
    // (a consumer's poll loop) should end once isStopping() is true.
    void post(std::function<void()> work);
    void stop(const std::function<void()> &lastWork = {});

    bool isStopping() const { return m_isStopping; }
    // Waits for duration unless stop() comes first; false if it did.
    bool sleepUnlessStopping(std::chrono::milliseconds duration);

    // Lives on the thread: timers and other objects parented to it run there
    // and are deleted when the thread stops.
    QObject *context() { return &m_context; }
    // Moves an object the caller keeps owning onto the thread.
    void adopt(QObject &object) { object.moveToThread(&m_thread); }

private:
    QThread m_thread;
    QObject m_context;
    std::atomic<bool> m_isStopping{false};
    std::mutex m_sleepMutex;
    std::condition_variable m_wake;
};

} // namespace shop
