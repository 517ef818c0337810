#include "engine.h"

#include "core/log.h"
#include "core/metrics.h"
#include "core/settingsloader.h"
#include "db/database.h"
#include "db/migrationrunner.h"
#include "catalog/stockcompensation.h"
#include "messaging/eventconsumer.h"
#include "messaging/kafkaprobe.h"
#include "messaging/kafkaproducer.h"
#include "messaging/outboxrelay.h"
#include "messaging/outboxrepository.h"
#include "messaging/topicadmin.h"
#include "buildinfo.h"
#include "exitcodes.h"
#include "api/circuitbreakerhealth.h"
#include "api/customerapi.h"
#include "db/pgpool.h"
#include "http/httpserver.h"
#include "api/operationscontroller.h"
#include "api/outboxhealth.h"
#include "api/orderapi.h"
#include "orders/orderprocessor.h"
#include "orders/refundprocessor.h"
#include "payments/mockpaymentgateway.h"
#include "payments/resilientpaymentgateway.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>

namespace shop {

namespace {

EventConsumer::Options consumerOptions(const Settings &settings, const QString &group, const QString &member)
{
    EventConsumer::Options options;
    options.bootstrapServers = settings.kafkaBootstrapServers;
    options.group = group;
    options.clientId = QStringLiteral("shop-%1-%2").arg(group, member);
    return options;
}

} // namespace

Engine::Engine(Settings settings, const QString &mode)
    : m_settings(std::move(settings))
    , m_names(m_settings.kafkaNamespace)
    , m_metrics(std::make_unique<Metrics>())
    , m_database(std::make_unique<Database>(*DatabaseUrl::parse(m_settings.databaseUrl)))
    , m_kafka(std::make_unique<KafkaProbe>(m_settings.kafkaBootstrapServers))
    , m_router(std::make_unique<Router>())
    , m_operations(std::make_unique<OperationsController>(
          *m_database, *m_kafka, *m_metrics, m_migrated,
          BuildInfo{QStringLiteral(SHOP_VERSION), QStringLiteral(SHOP_BUILD_TIME), QStringLiteral(SHOP_GIT_COMMIT)}, mode))
{
}

Engine::~Engine()
{
    stop();
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

DesktopServices &Engine::desktopServices()
{
    if (!m_desktopServices)
        m_desktopServices = std::make_unique<DesktopServices>(*m_database, *m_metrics, m_clock, m_settings);
    return *m_desktopServices;
}

PosServices &Engine::posServices()
{
    if (!m_posServices)
        m_posServices = std::make_unique<PosServices>(*m_database, *m_metrics, m_clock, m_settings);
    return *m_posServices;
}

void Engine::addCustomerApi(CatalogReads reads)
{
    if (reads == CatalogReads::OnIoThreads) {
        PgPoolOptions options;
        options.connections = m_settings.httpReadConnections;
        options.maxWaiting = m_settings.httpReadMaxWaiting;
        options.maxBatch = m_settings.httpReadBatch;
        options.statementTimeout = std::chrono::milliseconds(m_settings.httpReadStatementTimeoutMs);
        m_asyncDatabase = std::make_unique<AsyncDatabase>(m_database->url(), options);
    }
    m_customerApi =
        std::make_unique<CustomerApi>(*m_database, *m_metrics, m_clock, m_settings, m_asyncDatabase.get());
    m_customerApi->registerRoutes(*m_router);
    m_customerApi->addJobs(m_jobs);
}

void Engine::addOrderApi()
{
    m_orderApi = std::make_unique<OrderApi>(*m_database, *m_metrics, m_clock, m_settings);
    m_orderApi->registerRoutes(*m_router);
}

KafkaProducer &Engine::producer()
{
    if (!m_producer) {
        KafkaProducer::Options options;
        options.bootstrapServers = m_settings.kafkaBootstrapServers;
        options.clientId = QStringLiteral("shop");
        m_producer = std::make_unique<KafkaProducer>(options);
    }
    return *m_producer;
}

void Engine::ensureTopics()
{
    if (m_topicsEnsured)
        return;
    m_topicsEnsured = true;
    QString error;
    if (!shop::ensureTopics(m_settings.kafkaBootstrapServers, m_names, &error)) {
        log::warn("kafka", QStringLiteral("cannot check the topics (they are created when the broker answers "
                                          "the next start): %1").arg(error));
        return;
    }
    QStringList produced;
    for (const QString &topic : topics::all())
        produced << m_names.topic(topic);
    producer().warmUp(produced, std::chrono::seconds(2));
}

void Engine::startCatalogEvents()
{
    ensureTopics();
    m_catalogRelay = std::make_unique<OutboxRelay>(m_database->url(), QStringLiteral("catalog.outbox"),
                                                   QStringLiteral("catalog_outbox"), producer(), *m_metrics,
                                                   OutboxRelay::Options(), m_names);
    m_catalogRelay->start();
    Database *database = m_database.get();
    m_operations->addReadinessInformation(QStringLiteral("outbox"), [database] {
        return outboxHealth(OutboxRepository(*database, QStringLiteral("catalog.outbox")).backlog());
    });
    m_stockCompensation = std::make_unique<StockCompensation>(*m_database, *m_metrics);
    m_catalogConsumer = std::make_unique<EventConsumer>(consumerOptions(m_settings, consumerGroups::catalogService, QStringLiteral("stock")),
                                                        m_names, producer(), *m_metrics);
    StockCompensation *stock = m_stockCompensation.get();
    m_catalogConsumer->handle(topics::paymentsCompleted,
                              [stock](const IncomingMessage &m) { return stock->onPaymentCompleted(m); });
    m_catalogConsumer->handle(topics::ordersCancelled,
                              [stock](const IncomingMessage &m) { return stock->onOrderCancelled(m); });
    m_catalogConsumer->handle(topics::paymentsRefunded,
                              [stock](const IncomingMessage &m) { return stock->onPaymentRefunded(m); });
    m_catalogConsumer->start();
    m_jobs.add(QStringLiteral("purge-catalog-processed-events"), std::chrono::hours(1),
               [stock] { stock->purgeProcessedEvents(); });
}

void Engine::startOrderProcessing()
{
    ensureTopics();
    m_operations->requireKafkaForReadiness(); // it consumes: without a broker it has nothing to do
    m_mockGateway = std::make_unique<MockPaymentGateway>(*m_database, MockPaymentGateway::fromSettings(m_settings));
    m_gateway = std::make_unique<ResilientPaymentGateway>(*m_mockGateway,
                                                          ResilientPaymentGateway::fromSettings(m_settings), *m_metrics);
    // Members of the group for each topic, each on its own thread: payment
    // results never wait behind new orders still being charged, and the
    // topics' partitions are worked on at once (order kept within each), so
    // the commits of several orders share PostgreSQL's WAL flushes.
    for (int i = 0; i < m_settings.orderConsumers; ++i) {
        m_newOrderConsumers.push_back(std::make_unique<EventConsumer>(
            consumerOptions(m_settings, consumerGroups::orderService, QStringLiteral("orders-%1").arg(i)), m_names,
            producer(), *m_metrics));
        m_paymentResultConsumers.push_back(std::make_unique<EventConsumer>(
            consumerOptions(m_settings, consumerGroups::orderService, QStringLiteral("payments-%1").arg(i)), m_names,
            producer(), *m_metrics));
    }
    const auto *charging = &m_newOrderConsumers;
    m_orderProcessor = std::make_unique<OrderProcessor>(
        *m_database, *m_gateway, *m_metrics, m_clock, std::chrono::milliseconds(m_settings.paymentTimeoutMs),
        [charging] {
            return std::any_of(charging->begin(), charging->end(), [](const auto &c) { return c->isStopping(); });
        });
    OrderProcessor *processor = m_orderProcessor.get();
    // The messages of one poll share each step's transaction (and its WAL flush).
    for (const auto &consumer : m_newOrderConsumers)
        consumer->handle(
            topics::ordersCreated, [processor](const IncomingMessage &m) { return processor->onOrderCreated(m); },
            [processor](const std::vector<IncomingMessage> &m) { return processor->onOrderCreatedBatch(m); });
    for (const auto &consumer : m_paymentResultConsumers)
        consumer->handle(
            topics::paymentsCompleted, [processor](const IncomingMessage &m) { return processor->onPaymentCompleted(m); },
            [processor](const std::vector<IncomingMessage> &m) { return processor->onPaymentCompletedBatch(m); });
    // Refunds have a member of their own too: a slow gateway refund never
    // holds up charges or payment results.
    m_refundConsumer = std::make_unique<EventConsumer>(
        consumerOptions(m_settings, consumerGroups::orderService, QStringLiteral("refunds")), m_names, producer(),
        *m_metrics);
    EventConsumer *refunding = m_refundConsumer.get();
    m_refundProcessor = std::make_unique<RefundProcessor>(*m_database, *m_gateway, *m_metrics, m_clock,
                                                          std::chrono::milliseconds(m_settings.paymentTimeoutMs),
                                                          [refunding] { return refunding->isStopping(); });
    RefundProcessor *refunds = m_refundProcessor.get();
    m_refundConsumer->handle(topics::refundsRequested,
                             [refunds](const IncomingMessage &m) { return refunds->onRefundRequested(m); });
    ResilientPaymentGateway *gateway = m_gateway.get();
    m_metrics->addScrapeHook([gateway] { gateway->refreshMetrics(); });
    m_operations->addInformationalComponent(QStringLiteral("paymentGateway"),
                                            [gateway] { return circuitBreakerHealth(gateway->breakerState()); });
    for (const auto &consumer : m_newOrderConsumers)
        consumer->start();
    for (const auto &consumer : m_paymentResultConsumers)
        consumer->start();
    m_refundConsumer->start();
    refunds->refreshFailedCount();
    m_jobs.add(QStringLiteral("count-failed-refunds"), std::chrono::seconds(30),
               [refunds] { refunds->refreshFailedCount(); });
    m_jobs.add(QStringLiteral("purge-orders-processed-events"), std::chrono::hours(1),
               [processor] { processor->purgeProcessedEvents(); });
    processor->refreshInFlightCount();
    m_jobs.add(QStringLiteral("count-orders-in-flight"), std::chrono::seconds(15),
               [processor] { processor->refreshInFlightCount(); });
    m_ordersRelay = std::make_unique<OutboxRelay>(m_database->url(), QStringLiteral("orders.outbox"),
                                                  QStringLiteral("orders_outbox"), producer(), *m_metrics,
                                                  OutboxRelay::Options(), m_names);
    m_ordersRelay->start();
}

bool Engine::startHttp()
{
    m_operations->registerRoutes(*m_router);
    m_operations->addJobs(m_jobs);
    HttpServerOptions options;
    options.ioThreads = m_settings.httpIoThreads;
    options.workerThreads = m_settings.httpWorkers;
    options.maxConnections = m_settings.httpMaxConnections;
    options.maxConnectionsPerAddress = m_settings.httpMaxConnectionsPerAddress;
    options.connection.idleTimeout = std::chrono::milliseconds(m_settings.httpIdleTimeoutMs);
    options.connection.headerTimeout = std::chrono::milliseconds(m_settings.httpHeaderTimeoutMs);
    options.connection.requestTimeout = std::chrono::milliseconds(m_settings.httpRequestTimeoutMs);
    options.inputBudgetBytes = qint64(m_settings.httpInputBudgetMb) * 1024 * 1024;
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

void Engine::stop()
{
    stopHttp();
    // A charge waiting out a latency or backoff gives up at once; its order
    // is charged again (idempotently) by whoever owns the partition next.
    if (m_gateway)
        m_gateway->stop();
    if (m_mockGateway)
        m_mockGateway->stop();
    for (const auto *members : {&m_newOrderConsumers, &m_paymentResultConsumers})
        for (const auto &consumer : *members)
            consumer->stop();
    for (EventConsumer *consumer : {m_refundConsumer.get(), m_catalogConsumer.get()})
        if (consumer)
            consumer->stop();
    for (OutboxRelay *relay : {m_ordersRelay.get(), m_catalogRelay.get()})
        if (relay)
            relay->stop();
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
