#pragma once

#include <chrono>
#include <functional>

class QThreadPool;

namespace shop {

// Work that must run when a thread ends, while the process is still whole.
// A thread_local destructor runs after QThread::wait() has already returned
// to the joining thread, so at exit it can race the destruction of Qt's
// globals (the SQL connection registry: a segfault in QReadWriteLock seen
// when a daemon stopped). Resources that touch such globals register here,
// and a thread that knows its end runs the work itself, last.
void atThreadEnd(std::function<void()> work);
void runThreadEndWork();

// Runs the end work of every thread of pool, on that thread, before the
// pool is joined (QThreadPool::waitForDone joins and discards its threads,
// so work queued after it would run on new ones). Call it once the pool
// gets no new work: it queues one task per thread, each held until all have
// started, so no thread takes two; tasks already running finish first.
// Bounded by timeout: a thread still busy then keeps its end work for its
// thread_local destructors. Returns whether every thread ran it.
bool runEndWorkOnPoolThreads(QThreadPool &pool, std::chrono::milliseconds timeout);

} // namespace shop
