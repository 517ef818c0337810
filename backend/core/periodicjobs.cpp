#include "periodicjobs.h"

#include "log.h"

#include <QTimer>

namespace shop {

PeriodicJobs::PeriodicJobs()
{
    m_thread.setObjectName(QStringLiteral("periodic-jobs"));
}

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
    for (const Job &job : m_jobs) {
        // The timer lives on the jobs thread, so the job runs there.
        auto *timer = new QTimer;
        timer->setInterval(job.interval);
        timer->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, timer, &QObject::deleteLater);
        auto runJob = [run = job.run, name = job.name] {
            try {
                run();
            } catch (const std::exception &e) {
                log::error("jobs", QStringLiteral("job %1 failed").arg(name), {{QStringLiteral("error"), QString::fromUtf8(e.what())}});
            }
        };
        QObject::connect(timer, &QTimer::timeout, timer, runJob);
        QMetaObject::invokeMethod(timer, [timer, runJob] {
            runJob();
            timer->start();
        });
    }
}

void PeriodicJobs::stop()
{
    m_thread.quit();
    m_thread.wait();
}

} // namespace shop
