#pragma once

#include "auth/accesstokens.h"
#include "auth/authservice.h"
#include "auth/userservice.h"
#include "cart/cartservice.h"
#include "catalog/catalogservice.h"
#include "catalog/catalogtransfer.h"
#include "checkout/checkoutservice.h"
#include "core/clock.h"
#include "core/periodicjobs.h"
#include "core/settings.h"
#include "messaging/kafkanames.h"
#include "orders/orderservice.h"
#include "orders/orderstatistics.h"
#include "orders/refundservice.h"
#include "reports/reportservice.h"
#include "pos/shiftservice.h"

#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace shop {

class AsyncDatabase;
class CustomerApi;
class Database;
class EventConsumer;
class HttpServer;
class KafkaProbe;
class KafkaProducer;
class Metrics;
class MockPaymentGateway;
class OperationsController;
class OrderApi;
class OrderProcessor;
class OutboxRelay;
class RefundProcessor;
class ResilientPaymentGateway;
class Router;
class StockCompensation;

// What the desktop windows call: the same service classes as the REST API,
// in instances of their own so they work with --no-api as well.
struct DesktopServices
{
    DesktopServices(Database &database, Metrics &metrics, const Clock &clock, const Settings &settings)
        : tokens(settings.jwtSecret, settings.jwtIssuer, clock)
        , auth(database, tokens)
        , catalog(database, clock, settings.stockReorderLevel)
        , orders(database, metrics, clock)
        , orderStatistics(database, clock)
        , refunds(database, clock)
        , reports(database, clock)
        , catalogTransfer(database, clock)
        , shifts(database)
        , users(database)
    {
    }

    AccessTokens tokens;
    AuthService auth;
    CatalogService catalog;
    OrderService orders;
    OrderStatistics orderStatistics;
    RefundService refunds;
    ReportService reports;
    CatalogTransfer catalogTransfer;
    ShiftService shifts; // closed shifts and the terminal journal, for managers
    UserService users;
};

// What the POS terminal calls: a sale becomes a cart and a checkout, exactly
// as on the web store, and the terminal follows the order to PAID.
struct PosServices
{
    PosServices(Database &database, Metrics &metrics, const Clock &clock, const Settings &settings)
        : catalog(database, clock, settings.stockReorderLevel)
        , cart(database, metrics, clock)
        , checkout(database, metrics, clock, settings.stockReorderLevel)
        , orders(database, metrics, clock)
        , shifts(database)
    {
    }

    CatalogService catalog;
    CartService cart;
    CheckoutService checkout;
    OrderService orders;
    ShiftService shifts;
};

// The parts every long-running mode (serve, daemon, gui, pos) wires
// together: database, broker probe, metrics, migrations and the HTTP server
// with the operations endpoints. Modes add their APIs and event processing
// before startHttp(), and call stop() (or let the destructor) when done.
class Engine
{
public:
    // mode (serve, daemon, gui, pos) is what /actuator/info reports.
    Engine(Settings settings, const QString &mode);
    ~Engine();
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    // Applies pending migrations; on failure logs one line and returns the exit code.
    std::optional<int> migrate();
    // For --no-migrate: the operator vouches that the schema is current.
    void assumeMigrated();

    Router &router();
    // The customer REST API (serve, and gui unless --no-api) and its housekeeping jobs.
    // OnIoThreads (serve): the product reads run on the HTTP I/O threads
    // with non-blocking database sessions (settings http-read-*).
    enum class CatalogReads { OnWorkers, OnIoThreads };
    void addCustomerApi(CatalogReads reads = CatalogReads::OnWorkers);
    // The order REST API (daemon).
    void addOrderApi();
    // Catalog side of the pipeline (serve, gui, pos): publishes checkout's
    // OrderCreated events and gives stock back for failed or cancelled orders.
    void startCatalogEvents();
    // The order daemon: consumes orders.created and payments.completed,
    // charges through the payment gateway, publishes PaymentCompleted.
    void startOrderProcessing();
    // Returns false (with a logged reason) if the port cannot be opened.
    bool startHttp();
    // Finishes requests in flight, then consumers finish their message, then
    // relays publish what the last requests and messages committed.
    void stop();
    QString httpUrl() const;

    const Settings &settings() const { return m_settings; }
    Database &database() { return *m_database; }
    Metrics &metrics() { return *m_metrics; }
    KafkaProbe &kafka() { return *m_kafka; }
    CustomerApi *customerApi() { return m_customerApi.get(); }
    // Made on first use (gui and pos).
    DesktopServices &desktopServices();
    // Made on first use (pos).
    PosServices &posServices();
    // The mock gateway of startOrderProcessing(), for tests that change its behaviour.
    MockPaymentGateway *mockGateway() { return m_mockGateway.get(); }

private:
    KafkaProducer &producer();
    void ensureTopics();
    void stopHttp();

    Settings m_settings;
    KafkaNames m_names;
    SystemClock m_clock;
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<KafkaProbe> m_kafka;
    std::unique_ptr<Router> m_router;
    std::atomic<bool> m_migrated{false};
    std::unique_ptr<OperationsController> m_operations;
    std::unique_ptr<AsyncDatabase> m_asyncDatabase; // the I/O threads' read sessions (serve)
    std::unique_ptr<CustomerApi> m_customerApi;
    std::unique_ptr<DesktopServices> m_desktopServices;
    std::unique_ptr<PosServices> m_posServices;
    std::unique_ptr<OrderApi> m_orderApi;
    PeriodicJobs m_jobs;
    std::unique_ptr<HttpServer> m_http;
    // One producer for relays and dead letters; outlives all of them.
    std::unique_ptr<KafkaProducer> m_producer;
    bool m_topicsEnsured = false;
    std::unique_ptr<OutboxRelay> m_catalogRelay;
    std::unique_ptr<StockCompensation> m_stockCompensation;
    std::unique_ptr<EventConsumer> m_catalogConsumer;
    std::unique_ptr<MockPaymentGateway> m_mockGateway;
    std::unique_ptr<ResilientPaymentGateway> m_gateway;
    // Members of order-service-group, `order-consumers` of each kind.
    std::vector<std::unique_ptr<EventConsumer>> m_newOrderConsumers;      // orders.created
    std::vector<std::unique_ptr<EventConsumer>> m_paymentResultConsumers; // payments.completed
    std::unique_ptr<OrderProcessor> m_orderProcessor;
    std::unique_ptr<EventConsumer> m_refundConsumer; // refunds.requested
    std::unique_ptr<RefundProcessor> m_refundProcessor;
    std::unique_ptr<OutboxRelay> m_ordersRelay;
};

// `serve`, `daemon` and `gui` sign tokens: they need a secret of at least
// 32 bytes unless --dev, which makes a random one for this run. Returns an
// exit code when the program must stop.
std::optional<int> requireJwtSecret(Settings &settings, bool isDev);

} // namespace shop
