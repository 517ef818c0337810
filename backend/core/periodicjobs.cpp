#include "periodicjobs.h"

#include "log.h"

#include <QTimer>

namespace shop {

PeriodicJobs::~PeriodicJobs()
{
    stop();
}

void PeriodicJobs::add(QString name, std::chrono::milliseconds interval, std::function<void()> job)
{
    m_jobs.push_back({std::move(name), interval, std::move(job)});
}

void PeriodicJobs::start()
{
    if (m_jobs.empty() || m_thread.isRunning())
        return;
    m_thread.start();
    m_thread.post([this] {
        for (const Job &job : m_jobs) {
            auto runJob = [run = job.run, name = job.name] {
                try {
                    run();
                } catch (const std::exception &e) {
                    log::error("jobs", QStringLiteral("job %1 failed").arg(name),
                               {{QStringLiteral("error"), QString::fromUtf8(e.what())}});
                }
            };
            // Parented to the thread's context: runs there, deleted when it stops.
            auto *timer = new QTimer(m_thread.context());
            timer->setInterval(job.interval);
            QObject::connect(timer, &QTimer::timeout, timer, runJob);
            runJob();
            timer->start();
        }
    });
}

void PeriodicJobs::stop()
{
    m_thread.stop();
}

} // namespace shop
