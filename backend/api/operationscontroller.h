#pragma once

#include "http/router.h"
#include "infocontroller.h"
#include "metricscontroller.h"

#include <QJsonObject>

#include <prometheus/gauge.h>

#include <atomic>
#include <functional>
#include <vector>

namespace shop {

class Database;
class KafkaProbe;
class Metrics;
class PeriodicJobs;

// /actuator/health (with db and kafka components), liveness, readiness,
// /actuator/prometheus, /actuator/metrics and /actuator/info, the same on
// every mode that serves HTTP.
class OperationsController
{
public:
    OperationsController(Database &database, KafkaProbe &kafka, Metrics &metrics, const std::atomic<bool> &migrated,
                         const BuildInfo &build, const QString &mode);

    void registerRoutes(Router &router);

    // A component of /actuator/health that reports but does not decide the
    // overall status (e.g. the payment gateway's circuit breaker: while it is
    // open the daemon still works, orders simply fail fast). Before
    // registerRoutes(); report is called on a worker thread.
    void addInformationalComponent(const QString &name, std::function<QJsonObject()> report);

    // Readiness decides on migrations and the database, and, as the contract
    // says, stays DOWN until Kafka has answered once since the start. After
    // that Kafka no longer decides for serve: checkouts wait in the outbox
    // while the broker is away, and a broker restart must not take every
    // serve out of the load balancer at once. A mode that cannot work
    // without Kafka (the daemon consumes) calls this so Kafka decides its
    // readiness always; otherwise the broker's last known state is shown.
    void requireKafkaForReadiness();
    // Shown in readiness, never deciding it (e.g. the outbox backlog).
    // Before registerRoutes(); report is called on a worker thread.
    void addReadinessInformation(const QString &name, std::function<QJsonObject()> report);

    // Checks the db and kafka components every 15 s for the
    // health_component_up gauge: Prometheus alerts on it, and the scrape
    // itself must not wait for a database or broker that does not answer.
    void addJobs(PeriodicJobs &jobs);

private:
    HttpResponse health(const HttpRequest &request);
    HttpResponse liveness(const HttpRequest &request);
    HttpResponse readiness(const HttpRequest &request);
    HttpResponse prometheus(const HttpRequest &request);

    // Also set health_component_up, whoever asks.
    QJsonObject databaseComponent();
    QJsonObject kafkaComponent();
    // Without asking the broker: readiness must answer within a balancer's
    // check timeout, which a probe of an unreachable broker (2 s) would not.
    QJsonObject lastKnownKafkaComponent() const;

    Database &m_database;
    KafkaProbe &m_kafka;
    Metrics &m_metrics;
    const std::atomic<bool> &m_migrated;
    std::vector<std::pair<QString, std::function<QJsonObject()>>> m_informational;
    std::vector<std::pair<QString, std::function<QJsonObject()>>> m_readinessInformation;
    bool m_kafkaDecidesReadiness = false;
    std::atomic<bool> m_kafkaAnsweredOnce{false};
    prometheus::Gauge &m_databaseUp;
    prometheus::Gauge &m_kafkaUp;
    InfoController m_info;
    MetricsController m_metricsView;
};

} // namespace shop
