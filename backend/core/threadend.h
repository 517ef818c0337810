#pragma once

#include <functional>

namespace shop {

// Work that must run when a thread ends, while the process is still whole.
// A thread_local destructor runs after QThread::wait() has already returned
// to the joining thread, so at exit it can race the destruction of Qt's
// globals (the SQL connection registry: a segfault in QReadWriteLock seen
// when a daemon stopped). Resources that touch such globals register here,
// and a thread that knows its end runs the work itself, last.
void atThreadEnd(std::function<void()> work);
void runThreadEndWork();

} // namespace shop
