#include "api/operationscontroller.h"
#include "core/metrics.h"
#include "core/periodicjobs.h"
#include "db/database.h"
#include "messaging/kafkaprobe.h"
#include "testdatabase.h"

#include <QProcessEnvironment>
#include <QtTest>

#include <atomic>
#include <optional>

using namespace shop;

namespace {

// health_component_up{component} as the scrape has it; nullopt without the series.
std::optional<double> componentUp(Metrics &metrics, const std::string &component)
{
    for (const prometheus::MetricFamily &family : metrics.collect()) {
        if (family.name != "health_component_up")
            continue;
        for (const prometheus::ClientMetric &metric : family.metric) {
            for (const prometheus::ClientMetric::Label &label : metric.label) {
                if (label.name == "component" && label.value == component)
                    return metric.gauge.value;
            }
        }
    }
    return std::nullopt;
}

// An instance's operations endpoints with its periodic jobs running, as the
// engine wires them.
struct Instance
{
    Instance(const DatabaseUrl &databaseUrl, const QString &kafkaBootstrap)
        : database(databaseUrl)
        , kafka(kafkaBootstrap, std::chrono::milliseconds(500))
        , operations(database, kafka, metrics, migrated, BuildInfo{}, QStringLiteral("daemon"))
    {
        operations.addJobs(jobs);
        jobs.start();
    }
    ~Instance() { jobs.stop(); }

    Database database;
    KafkaProbe kafka;
    Metrics metrics;
    std::atomic<bool> migrated{true};
    OperationsController operations;
    PeriodicJobs jobs;
};

} // namespace

// Prometheus alerts on health_component_up (ShopDependencyDown), so the
// gauge follows the real PostgreSQL and Kafka without anyone calling
// /actuator/health: 1 for ones that answer, 0 for ones that do not.
class HealthComponentGaugeTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answeringDependenciesReadOne()
    {
        const std::optional<DatabaseUrl> url = testsupport::testDatabaseUrl();
        QVERIFY2(url, "SHOP_TEST_DATABASE_URL is not set: run through tests/run");
        const QString kafka = QProcessEnvironment::systemEnvironment().value(QStringLiteral("SHOP_TEST_KAFKA_BOOTSTRAP"));
        QVERIFY2(!kafka.isEmpty(), "SHOP_TEST_KAFKA_BOOTSTRAP is not set: run through tests/run");
        Instance instance(*url, kafka);
        QTRY_COMPARE_WITH_TIMEOUT(componentUp(instance.metrics, "db"), std::optional<double>(1), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(componentUp(instance.metrics, "kafka"), std::optional<double>(1), 10000);
    }

    void silentDependenciesReadZero()
    {
        Instance instance(*DatabaseUrl::parse(QStringLiteral("postgresql://u:p@127.0.0.1:1/none")),
                          QStringLiteral("127.0.0.1:1"));
        // Both series exist from the start, so a dashboard never sees a gap.
        QCOMPARE(componentUp(instance.metrics, "db"), std::optional<double>(0));
        QCOMPARE(componentUp(instance.metrics, "kafka"), std::optional<double>(0));
        // After the first probe has run (the job's first run is at start) they stay 0.
        QTest::qWait(1500);
        QCOMPARE(componentUp(instance.metrics, "db"), std::optional<double>(0));
        QCOMPARE(componentUp(instance.metrics, "kafka"), std::optional<double>(0));
    }
};

QTEST_GUILESS_MAIN(HealthComponentGaugeTest)
#include "tst_healthcomponentgauge.moc"
