#pragma once

#include "core/clock.h"
#include "core/periodicjobs.h"
#include "core/settings.h"

#include <QString>

#include <atomic>
#include <memory>
#include <optional>

namespace shop {

class CustomerApi;
class Database;
class HttpServer;
class KafkaProbe;
class KafkaProducer;
class Metrics;
class OperationsController;
class OutboxRelay;
class Router;

// The parts every long-running mode (serve, daemon, gui, pos) wires
// together: database, broker probe, metrics, migrations and the HTTP server
// with the operations endpoints. Modes add their own routes before startHttp().
class Engine
{
public:
    explicit Engine(Settings settings);
    ~Engine();
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    // Applies pending migrations; on failure logs one line and returns the exit code.
    std::optional<int> migrate();
    // For --no-migrate: the operator vouches that the schema is current.
    void assumeMigrated();

    Router &router();
    // Adds the customer REST API (serve, and gui unless --no-api) and its housekeeping jobs.
    void addCustomerApi();
    // Returns false (with a logged reason) if the port cannot be opened.
    bool startHttp();
    // Finishes requests in flight, then closes connections.
    void stopHttp();
    // Publishes catalog.outbox (checkout's OrderCreated events) to Kafka.
    void startOutboxRelay();
    // After stopHttp(), so rows the last checkouts committed are published too.
    void stopOutboxRelay();
    QString httpUrl() const;

    const Settings &settings() const { return m_settings; }
    Database &database() { return *m_database; }
    Metrics &metrics() { return *m_metrics; }
    KafkaProbe &kafka() { return *m_kafka; }

private:
    Settings m_settings;
    SystemClock m_clock;
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<KafkaProbe> m_kafka;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<OperationsController> m_operations;
    std::unique_ptr<CustomerApi> m_customerApi;
    PeriodicJobs m_jobs;
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<KafkaProducer> m_outboxProducer; // outlives the relay that uses it
    std::unique_ptr<OutboxRelay> m_outboxRelay;
    std::atomic<bool> m_migrated{false};
};

// `serve`, `daemon` and `gui` sign tokens: they need a secret of at least
// 32 bytes unless --dev, which makes a random one for this run. Returns an
// exit code when the program must stop.
std::optional<int> requireJwtSecret(Settings &settings, bool isDev);

} // namespace shop
