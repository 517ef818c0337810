#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <shared_mutex>
#include <vector>

namespace shop {

// The process's metric registry (prometheus-cpp core) plus the metrics every
// mode has. Modules register their own families on registry(); the
// /actuator/prometheus endpoint calls scrape(), /actuator/metrics collect().
class Metrics
{
public:
    Metrics();
    Metrics(const Metrics &) = delete;
    Metrics &operator=(const Metrics &) = delete;

    prometheus::Registry &registry() { return *m_registry; }

    void observeHttpRequest(const QByteArray &method, const QByteArray &routeTemplate, int status,
                            double seconds);

    // Histograms observeHttpRequest() has found, by method, route and status
    // (Family::Add builds the labels and takes the family's mutex each time).
    static constexpr qsizetype kMaxCachedHttpSeries = 1024;
    qsizetype cachedHttpSeries();

    // Runs before every scrape, for gauges that change with time rather than
    // with calls (a circuit breaker turning half-open). Register at start-up.
    void addScrapeHook(std::function<void()> hook);

    // Every family with its current values, process gauges and hooks refreshed first.
    std::vector<prometheus::MetricFamily> collect();
    // collect() in Prometheus text format 0.0.4.
    QByteArray scrape();

    static const QByteArray contentType;

private:
    void refreshProcessGauges();

    std::shared_ptr<prometheus::Registry> m_registry;
    prometheus::Family<prometheus::Histogram> &m_httpRequests;
    std::shared_mutex m_httpSeriesMutex;
    QHash<QByteArray, prometheus::Histogram *> m_httpSeries; // at most kMaxCachedHttpSeries
    prometheus::Gauge &m_residentMemory;
    prometheus::Gauge &m_virtualMemory;
    prometheus::Gauge &m_uptime;
    prometheus::Gauge &m_startTime;
    QElapsedTimer m_sinceStart;
    std::vector<std::function<void()>> m_scrapeHooks;
};

} // namespace shop
