#pragma once

#include "backgroundthread.h"

#include <QString>

#include <chrono>
#include <functional>
#include <vector>

namespace shop {

// Runs housekeeping (expired carts, old idempotency records, sent outbox
// rows) on one background thread with its own database connection, never
// on a request or GUI thread.
class PeriodicJobs
{
public:
    PeriodicJobs() = default;
    ~PeriodicJobs();
    PeriodicJobs(const PeriodicJobs &) = delete;
    PeriodicJobs &operator=(const PeriodicJobs &) = delete;

    // Add jobs before start(). Each runs once at start, then every interval.
    void add(QString name, std::chrono::milliseconds interval, std::function<void()> job);
    void start();
    void stop();

private:
    struct Job
    {
        QString name;
        std::chrono::milliseconds interval;
        std::function<void()> run;
    };
    std::vector<Job> m_jobs;
    BackgroundThread m_thread{QStringLiteral("periodic-jobs")};
};

} // namespace shop
