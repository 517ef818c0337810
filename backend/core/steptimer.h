#pragma once

#include "log.h"

#include <QElapsedTimer>

namespace shop {

// Logs how long each step of a long job took (at debug level), so
// `--log-level debug` shows where a bulk load spends its time.
class StepTimer
{
public:
    explicit StepTimer(const char *logger)
        : m_logger(logger)
    {
        m_clock.start();
    }

    // The step that just ended: its time since the previous one.
    void done(const QString &step)
    {
        log::debug(m_logger, QStringLiteral("step done"),
                   {{QStringLiteral("step"), step}, {QStringLiteral("ms"), m_clock.restart()}});
    }

private:
    const char *m_logger;
    QElapsedTimer m_clock;
};

} // namespace shop
