#pragma once

#include "core/clock.h"

#include <QMutex>

namespace testsupport {

// A clock tests can move forward (cart expiry, token expiry, throttling).
// Read from server worker threads while the test thread moves it.
class TestClock final : public shop::Clock
{
public:
    TestClock() : m_now(QDateTime::currentDateTimeUtc()) {}

    QDateTime now() const override
    {
        QMutexLocker lock(&m_mutex);
        return m_now;
    }

    void advance(qint64 seconds)
    {
        QMutexLocker lock(&m_mutex);
        m_now = m_now.addSecs(seconds);
    }

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
};

} // namespace testsupport
