#include "operationscontroller.h"

#include "core/metrics.h"
#include "core/periodicjobs.h"
#include "db/database.h"
#include "messaging/kafkaprobe.h"

namespace shop {

namespace {

const QString kUp = QStringLiteral("UP");
const QString kDown = QStringLiteral("DOWN");
const QString kStatus = QStringLiteral("status");

prometheus::Gauge &componentUpGauge(Metrics &metrics, const std::string &component)
{
    return prometheus::BuildGauge()
        .Name("health_component_up")
        .Help("1 while the health component (db, kafka) is UP, 0 while DOWN; checked every 15 s")
        .Register(metrics.registry())
        .Add({{"component", component}});
}

bool isUp(const QJsonObject &component)
{
    return component.value(kStatus).toString() == kUp;
}

// components decide the status; informational ones are only shown.
HttpResponse statusResponse(const QJsonObject &components, const QJsonObject &informational = {})
{
    bool allUp = true;
    for (auto it = components.begin(); it != components.end(); ++it)
        allUp = allUp && isUp(it.value().toObject());
    QJsonObject shown = components;
    for (auto it = informational.begin(); it != informational.end(); ++it)
        shown.insert(it.key(), it.value());
    const QJsonObject body{{kStatus, allUp ? kUp : kDown}, {QStringLiteral("components"), shown}};
    return HttpResponse::json(allUp ? 200 : 503, QJsonDocument(body));
}

} // namespace

OperationsController::OperationsController(Database &database, KafkaProbe &kafka, Metrics &metrics,
                                           const std::atomic<bool> &migrated, const BuildInfo &build,
                                           const QString &mode)
    : m_database(database)
    , m_kafka(kafka)
    , m_metrics(metrics)
    , m_migrated(migrated)
    , m_databaseUp(componentUpGauge(metrics, "db"))
    , m_kafkaUp(componentUpGauge(metrics, "kafka"))
    , m_info(build, mode)
    , m_metricsView(metrics)
{
}

void OperationsController::addJobs(PeriodicJobs &jobs)
{
    jobs.add(QStringLiteral("probe-health-components"), std::chrono::seconds(15), [this] {
        databaseComponent();
        kafkaComponent();
    });
}

void OperationsController::registerRoutes(Router &router)
{
    auto bind = [this](HttpResponse (OperationsController::*action)(const HttpRequest &)) {
        return [this, action](const HttpRequest &request) { return (this->*action)(request); };
    };
    router.add({"GET", QStringLiteral("/actuator/health"), Execution::Worker, bind(&OperationsController::health)});
    router.add({"GET", QStringLiteral("/actuator/health/liveness"), Execution::Inline,
                bind(&OperationsController::liveness)});
    router.add({"GET", QStringLiteral("/actuator/health/readiness"), Execution::Worker,
                bind(&OperationsController::readiness)});
    router.add({"GET", QStringLiteral("/actuator/prometheus"), Execution::Inline,
                bind(&OperationsController::prometheus)});
    m_info.registerRoutes(router);
    m_metricsView.registerRoutes(router);
}

QJsonObject OperationsController::databaseComponent()
{
    QString error;
    const bool up = m_database.ping(&error);
    m_databaseUp.Set(up ? 1 : 0);
    if (up)
        return {{kStatus, kUp}, {QStringLiteral("details"), QJsonObject{{QStringLiteral("database"), QStringLiteral("PostgreSQL")}}}};
    // The driver's text can name hosts and users: log it, answer generically.
    return {{kStatus, kDown}, {QStringLiteral("details"), QJsonObject{{QStringLiteral("error"), QStringLiteral("database does not answer")}}}};
}

namespace {

QJsonObject kafkaJson(const KafkaProbe::Status &status)
{
    if (status.isUp)
        return {{kStatus, kUp}, {QStringLiteral("details"), QJsonObject{{QStringLiteral("brokers"), status.brokerCount}}}};
    return {{kStatus, kDown}, {QStringLiteral("details"), QJsonObject{{QStringLiteral("error"), status.error}}}};
}

} // namespace

QJsonObject OperationsController::kafkaComponent()
{
    const KafkaProbe::Status status = m_kafka.check();
    m_kafkaUp.Set(status.isUp ? 1 : 0);
    if (status.isUp)
        m_kafkaAnsweredOnce = true;
    return kafkaJson(status);
}

QJsonObject OperationsController::lastKnownKafkaComponent() const
{
    // Before the first check (the probe job runs at start, and every 15 s).
    const std::optional<KafkaProbe::Status> status = m_kafka.lastKnown();
    return status ? kafkaJson(*status) : QJsonObject{{kStatus, QStringLiteral("UNKNOWN")}};
}

void OperationsController::addInformationalComponent(const QString &name, std::function<QJsonObject()> report)
{
    m_informational.emplace_back(name, std::move(report));
}

void OperationsController::requireKafkaForReadiness()
{
    m_kafkaDecidesReadiness = true;
}

void OperationsController::addReadinessInformation(const QString &name, std::function<QJsonObject()> report)
{
    m_readinessInformation.emplace_back(name, std::move(report));
}

HttpResponse OperationsController::health(const HttpRequest &)
{
    QJsonObject informational;
    for (const auto &[name, report] : m_informational)
        informational.insert(name, report());
    return statusResponse({{QStringLiteral("db"), databaseComponent()}, {QStringLiteral("kafka"), kafkaComponent()}},
                          informational);
}

HttpResponse OperationsController::liveness(const HttpRequest &)
{
    return HttpResponse::json(200, QJsonDocument(QJsonObject{{kStatus, kUp}}));
}

HttpResponse OperationsController::readiness(const HttpRequest &)
{
    const QJsonObject migrations{{kStatus, m_migrated.load() ? kUp : kDown}};
    QJsonObject deciding{{QStringLiteral("migrations"), migrations}, {QStringLiteral("db"), databaseComponent()}};
    QJsonObject informational;
    // Until the broker first answers, a readiness check asks it (at most the
    // probe's 2 s, while the instance is out of the balancer anyway).
    if (m_kafkaDecidesReadiness || !m_kafkaAnsweredOnce)
        deciding.insert(QStringLiteral("kafka"), kafkaComponent());
    else
        informational.insert(QStringLiteral("kafka"), lastKnownKafkaComponent());
    for (const auto &[name, report] : m_readinessInformation)
        informational.insert(name, report());
    return statusResponse(deciding, informational);
}

HttpResponse OperationsController::prometheus(const HttpRequest &)
{
    HttpResponse response;
    response.contentType = Metrics::contentType;
    response.body = m_metrics.scrape();
    return response;
}

} // namespace shop
