#include "passwordhashingpool.h"

#include <future>
#include <memory>

#include <sys/resource.h>
#include <unistd.h>

namespace shop {

namespace {

// For the calling thread only (Linux: PRIO_PROCESS with a thread id), so the
// scheduler prefers request threads when both want a core. Nice 5 rather than
// 19: on a busy machine logins should still get through in seconds.
constexpr int kHashingNice = 5;

void lowerThisThreadsPriority()
{
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kHashingNice);
}

} // namespace

PasswordHashingPool::PasswordHashingPool(int threads, int maxWaiting)
    : m_capacity(std::max(1, threads) + std::max(0, maxWaiting))
{
    m_threads.setMaxThreadCount(std::max(1, threads));
    m_threads.setExpiryTimeout(-1);
    m_threads.setObjectName(QStringLiteral("password-hashing"));
}

PasswordHashingPool::~PasswordHashingPool()
{
    m_threads.waitForDone();
}

std::optional<bool> PasswordHashingPool::verify(const QByteArray &password, const PasswordHash &stored)
{
    if (m_inFlight.fetch_add(1) >= m_capacity) {
        m_inFlight.fetch_sub(1);
        return std::nullopt;
    }
    // The task owns the promise: it may still be finishing set_value after
    // this thread woke up and returned.
    auto matches = std::make_shared<std::promise<bool>>();
    std::future<bool> result = matches->get_future();
    m_threads.start([matches, &password, &stored] {
        lowerThisThreadsPriority();
        matches->set_value(PasswordHasher::verify(password, stored));
    });
    const bool value = result.get();
    m_inFlight.fetch_sub(1);
    return value;
}

} // namespace shop
