#include "metrics.h"

#include <QDateTime>
#include <QFile>
#include <QString>

#include <prometheus/text_serializer.h>

#include <unistd.h>

namespace shop {

namespace {

const prometheus::Histogram::BucketBoundaries kLatencyBuckets{
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};

// /proc/self/statm: sizes in pages; the first two are total and resident.
std::pair<double, double> readMemoryBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return {0, 0};
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2)
        return {0, 0};
    const double pageSize = static_cast<double>(sysconf(_SC_PAGESIZE));
    return {fields[0].toDouble() * pageSize, fields[1].toDouble() * pageSize};
}

} // namespace

const QByteArray Metrics::contentType = QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");

Metrics::Metrics()
    : m_registry(std::make_shared<prometheus::Registry>())
    , m_httpRequests(prometheus::BuildHistogram()
                         .Name("http_server_requests_seconds")
                         .Help("HTTP requests by method, route template and status")
                         .Register(*m_registry))
    , m_residentMemory(prometheus::BuildGauge()
                           .Name("process_resident_memory_bytes")
                           .Help("Resident memory size in bytes")
                           .Register(*m_registry)
                           .Add({}))
    , m_virtualMemory(prometheus::BuildGauge()
                          .Name("process_virtual_memory_bytes")
                          .Help("Virtual memory size in bytes")
                          .Register(*m_registry)
                          .Add({}))
    , m_uptime(prometheus::BuildGauge()
                   .Name("process_uptime_seconds")
                   .Help("Seconds since the process started")
                   .Register(*m_registry)
                   .Add({}))
    , m_startTime(prometheus::BuildGauge()
                      .Name("process_start_time_seconds")
                      .Help("Start time of the process since the Unix epoch, in seconds")
                      .Register(*m_registry)
                      .Add({}))
{
    m_sinceStart.start();
    m_startTime.Set(static_cast<double>(QDateTime::currentSecsSinceEpoch()));
}

void Metrics::observeHttpRequest(const QByteArray &method, const QByteArray &routeTemplate, int status,
                                 double seconds)
{
    const QByteArray key = method + ' ' + routeTemplate + ' ' + QByteArray::number(status);
    {
        std::shared_lock lock(m_httpSeriesMutex);
        if (prometheus::Histogram *series = m_httpSeries.value(key)) {
            series->Observe(seconds);
            return;
        }
    }
    prometheus::Histogram &series = m_httpRequests.Add({{"method", method.toStdString()},
                                                        {"uri", routeTemplate.toStdString()},
                                                        {"status", std::to_string(status)}},
                                                       kLatencyBuckets);
    series.Observe(seconds);
    // Families never remove series here, so the pointer stays valid. Past the
    // bound (only a client inventing methods could get there) the family
    // still counts, just without the shortcut.
    std::unique_lock lock(m_httpSeriesMutex);
    if (m_httpSeries.size() < kMaxCachedHttpSeries)
        m_httpSeries.insert(key, &series);
}

qsizetype Metrics::cachedHttpSeries()
{
    std::shared_lock lock(m_httpSeriesMutex);
    return m_httpSeries.size();
}

void Metrics::refreshProcessGauges()
{
    const auto [virtualBytes, residentBytes] = readMemoryBytes();
    m_virtualMemory.Set(virtualBytes);
    m_residentMemory.Set(residentBytes);
    m_uptime.Set(static_cast<double>(m_sinceStart.elapsed()) / 1000.0);
}

void Metrics::addScrapeHook(std::function<void()> hook)
{
    m_scrapeHooks.push_back(std::move(hook));
}

std::vector<prometheus::MetricFamily> Metrics::collect()
{
    refreshProcessGauges();
    for (const auto &hook : m_scrapeHooks)
        hook();
    return m_registry->Collect();
}

QByteArray Metrics::scrape()
{
    const std::string text = prometheus::TextSerializer().Serialize(collect());
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace shop
