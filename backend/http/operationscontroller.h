#pragma once

#include "router.h"

#include <QJsonObject>

#include <atomic>

namespace shop {

class Database;
class KafkaProbe;
class Metrics;

// /actuator/health (with db and kafka components), liveness, readiness and
// /actuator/prometheus, the same on every mode that serves HTTP.
class OperationsController
{
public:
    OperationsController(Database &database, KafkaProbe &kafka, Metrics &metrics, const std::atomic<bool> &migrated);

    void registerRoutes(Router &router);

private:
    HttpResponse health(const HttpRequest &request);
    HttpResponse liveness(const HttpRequest &request);
    HttpResponse readiness(const HttpRequest &request);
    HttpResponse prometheus(const HttpRequest &request);

    QJsonObject databaseComponent();
    QJsonObject kafkaComponent();

    Database &m_database;
    KafkaProbe &m_kafka;
    Metrics &m_metrics;
    const std::atomic<bool> &m_migrated;
};

} // namespace shop
