#include "engine.h"

#include "core/log.h"
#include "core/metrics.h"
#include "core/settingsloader.h"
#include "db/database.h"
#include "db/migrationrunner.h"
#include "events/kafkaprobe.h"
#include "events/kafkaproducer.h"
#include "events/outboxrelay.h"
#include "exitcodes.h"
#include "http/customerapi.h"
#include "http/httpserver.h"
#include "http/operationscontroller.h"

#include <QRandomGenerator>

#include <cstdio>

namespace shop {

Engine::Engine(Settings settings)
    : m_settings(std::move(settings))
    , m_metrics(std::make_unique<Metrics>())
    , m_database(std::make_unique<Database>(*DatabaseUrl::parse(m_settings.databaseUrl)))
    , m_kafka(std::make_unique<KafkaProbe>(m_settings.kafkaBootstrapServers))
    , m_router(std::make_unique<Router>())
{
}

Engine::~Engine()
{
    stopHttp();
    stopOutboxRelay();
}

std::optional<int> Engine::migrate()
{
    const MigrationResult result = MigrationRunner(*m_database).run();
    switch (result.outcome) {
    case MigrationResult::Outcome::Applied:
        log::info("migrations", QStringLiteral("database schema is current"),
                  {{QStringLiteral("applied"), result.appliedCount}});
        m_migrated = true;
        return std::nullopt;
    case MigrationResult::Outcome::Tampered:
        log::error("migrations", result.error);
        std::fprintf(stderr, "shop: %s\n", qPrintable(result.error));
        return ExitUsage;
    case MigrationResult::Outcome::Failed:
        log::error("migrations", result.error);
        std::fprintf(stderr, "shop: %s\n", qPrintable(result.error));
        return ExitFailure;
    }
    return ExitFailure;
}

void Engine::assumeMigrated()
{
    m_migrated = true;
}

Router &Engine::router()
{
    return *m_router;
}

void Engine::addCustomerApi()
{
    m_customerApi = std::make_unique<CustomerApi>(*m_database, *m_metrics, m_clock, m_settings);
    m_customerApi->registerRoutes(*m_router);
    m_customerApi->addJobs(m_jobs);
}

bool Engine::startHttp()
{
    m_operations = std::make_unique<OperationsController>(*m_database, *m_kafka, *m_metrics, m_migrated);
    m_operations->registerRoutes(*m_router);
    HttpServerOptions options;
    options.ioThreads = m_settings.httpIoThreads;
    options.workerThreads = m_settings.httpWorkers;
    m_http = std::make_unique<HttpServer>(*m_router, *m_metrics, options);
    QString error;
    if (!m_http->listen(QHostAddress(m_settings.httpAddress), m_settings.httpPort, &error)) {
        log::error("http", QStringLiteral("cannot listen on %1:%2: %3")
                               .arg(m_settings.httpAddress).arg(m_settings.httpPort).arg(error));
        m_http.reset();
        return false;
    }
    m_jobs.start();
    log::info("http", QStringLiteral("listening on %1").arg(httpUrl()),
              {{QStringLiteral("workers"), m_settings.httpWorkers}});
    return true;
}

void Engine::stopHttp()
{
    m_jobs.stop();
    if (!m_http)
        return;
    m_http->stop(std::chrono::seconds(20));
    m_http.reset();
}

void Engine::startOutboxRelay()
{
    KafkaProducer::Options options;
    options.bootstrapServers = m_settings.kafkaBootstrapServers;
    options.clientId = QStringLiteral("shop-outbox-relay");
    m_outboxProducer = std::make_unique<KafkaProducer>(options);
    m_outboxRelay = std::make_unique<OutboxRelay>(m_database->url(), QStringLiteral("catalog.outbox"),
                                                  QStringLiteral("catalog_outbox"), *m_outboxProducer, *m_metrics);
    m_outboxRelay->start();
}

void Engine::stopOutboxRelay()
{
    if (m_outboxRelay)
        m_outboxRelay->stop();
}

QString Engine::httpUrl() const
{
    const QString host = m_settings.httpAddress == u"0.0.0.0" ? QStringLiteral("localhost") : m_settings.httpAddress;
    return QStringLiteral("http://%1:%2").arg(host).arg(m_http ? m_http->port() : m_settings.httpPort);
}

std::optional<int> requireJwtSecret(Settings &settings, bool isDev)
{
    if (isStrongJwtSecret(settings.jwtSecret))
        return std::nullopt;
    if (isDev) {
        QByteArray secret(48, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(secret.data()), 12);
        settings.jwtSecret = secret;
        log::warn("auth", QStringLiteral("--dev: using a random JWT secret for this run; tokens end with the process"));
        return std::nullopt;
    }
    std::fprintf(stderr, "shop: setting jwt-secret is %s: set --jwt-secret, SHOP_JWT_SECRET or config key "
                         "jwt-secret to at least 32 bytes (or run with --dev)\n",
                 settings.jwtSecret.isEmpty() ? "missing" : "shorter than 32 bytes");
    return ExitUsage;
}

} // namespace shop
