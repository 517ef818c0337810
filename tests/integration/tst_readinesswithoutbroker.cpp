#include "api/operationscontroller.h"
#include "api/outboxhealth.h"
#include "core/metrics.h"
#include "db/database.h"
#include "messaging/kafkaprobe.h"
#include "testdatabase.h"

#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QtTest>

#include <atomic>

using namespace shop;

namespace {

const QString kNoBroker = QStringLiteral("127.0.0.1:1"); // nothing listens: connection refused

QString testBroker()
{
    return QProcessEnvironment::systemEnvironment().value(QStringLiteral("SHOP_TEST_KAFKA_BOOTSTRAP"));
}

struct Answer
{
    int status = 0;
    QJsonObject body;
    QString component(const QString &name) const
    {
        return body[QStringLiteral("components")][name][QStringLiteral("status")].toString();
    }
};

Answer get(const Router &router, const QString &path)
{
    HttpRequest request;
    request.method = "GET";
    request.target = path.toUtf8();
    request.path = path;
    const RouteMatch match = router.match(request.method, request.path);
    if (!match.route)
        return {404, {}};
    const HttpResponse response = match.route->handler(request);
    return {response.status, QJsonDocument::fromJson(response.body).object()};
}

// The operations endpoints of one instance against the test PostgreSQL and
// a broker address where nothing listens.
struct Instance
{
    explicit Instance(const DatabaseUrl &databaseUrl, const QString &broker = kNoBroker)
        : database(databaseUrl)
        , kafka(broker, std::chrono::milliseconds(300))
        , operations(database, kafka, metrics, migrated, BuildInfo{}, QStringLiteral("serve"))
    {
    }

    Database database;
    KafkaProbe kafka;
    Metrics metrics;
    std::atomic<bool> migrated{true};
    OperationsController operations;
    Router router;
};

} // namespace

// The contract: readiness is DOWN until migrations ran and the database and
// Kafka answer. serve takes checkouts without a broker (their events wait in
// the outbox), so once Kafka has answered it only shows in serve's readiness
// (e2e_scale_out restarts the broker and checks that both serves stay
// ready); the daemon consumes, so Kafka always decides its readiness.
class ReadinessWithoutBrokerTest : public QObject
{
    Q_OBJECT

    std::optional<DatabaseUrl> m_url;

private Q_SLOTS:
    void initTestCase()
    {
        m_url = testsupport::testDatabaseUrl();
        QVERIFY2(m_url, "SHOP_TEST_DATABASE_URL is not set: run through tests/run");
    }

    void serveIsNotReadyUntilKafkaAnswers()
    {
        Instance serve(*m_url);
        serve.operations.registerRoutes(serve.router);

        const Answer answer = get(serve.router, QStringLiteral("/actuator/health/readiness"));
        QCOMPARE(answer.status, 503);
        QCOMPARE(answer.body[QStringLiteral("status")].toString(), QStringLiteral("DOWN"));
        QCOMPARE(answer.component(QStringLiteral("kafka")), QStringLiteral("DOWN"));
        QCOMPARE(answer.component(QStringLiteral("db")), QStringLiteral("UP"));
        QCOMPARE(answer.component(QStringLiteral("migrations")), QStringLiteral("UP"));

        // /actuator/health asks the broker too and names it.
        const Answer health = get(serve.router, QStringLiteral("/actuator/health"));
        QCOMPARE(health.status, 503);
        QCOMPARE(health.component(QStringLiteral("kafka")), QStringLiteral("DOWN"));
    }

    void serveIsReadyOnceKafkaAnswered()
    {
        QVERIFY2(!testBroker().isEmpty(), "SHOP_TEST_KAFKA_BOOTSTRAP is not set: run through tests/run");
        Instance serve(*m_url, testBroker());
        serve.operations.registerRoutes(serve.router);

        const Answer answer = get(serve.router, QStringLiteral("/actuator/health/readiness"));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body[QStringLiteral("status")].toString(), QStringLiteral("UP"));
        QCOMPARE(answer.component(QStringLiteral("kafka")), QStringLiteral("UP"));
        // From now on Kafka is the last probe's state, shown, not asked.
        QCOMPARE(get(serve.router, QStringLiteral("/actuator/health/readiness")).status, 200);
    }

    void readinessInformationNeverDecides()
    {
        Instance serve(*m_url, testBroker());
        serve.operations.addReadinessInformation(QStringLiteral("outbox"), [] {
            return outboxHealth(OutboxBacklog{250, 900});
        });
        serve.operations.registerRoutes(serve.router);
        const Answer ready = get(serve.router, QStringLiteral("/actuator/health/readiness"));
        QCOMPARE(ready.status, 200);
        QCOMPARE(ready.component(QStringLiteral("outbox")), QStringLiteral("DELAYED"));
        const QJsonObject details = ready.body[QStringLiteral("components")][QStringLiteral("outbox")][QStringLiteral("details")].toObject();
        QCOMPARE(details[QStringLiteral("unsent")].toInt(), 250);
        QCOMPARE(details[QStringLiteral("oldestUnsentAgeSeconds")].toInt(), 900);
        // Readiness information is not a health component.
        QVERIFY(!get(serve.router, QStringLiteral("/actuator/health")).body[QStringLiteral("components")].toObject().contains(QStringLiteral("outbox")));
    }

    void serveIsNotReadyBeforeMigrationsOrWithoutDatabase()
    {
        Instance unmigrated(*m_url);
        unmigrated.migrated = false;
        unmigrated.operations.registerRoutes(unmigrated.router);
        QCOMPARE(get(unmigrated.router, QStringLiteral("/actuator/health/readiness")).status, 503);

        Instance noDatabase(*DatabaseUrl::parse(QStringLiteral("postgresql://u:p@127.0.0.1:1/none")));
        noDatabase.operations.registerRoutes(noDatabase.router);
        const Answer answer = get(noDatabase.router, QStringLiteral("/actuator/health/readiness"));
        QCOMPARE(answer.status, 503);
        QCOMPARE(answer.component(QStringLiteral("db")), QStringLiteral("DOWN"));
    }

    void daemonIsNotReadyWithoutBroker()
    {
        Instance daemon(*m_url);
        daemon.operations.requireKafkaForReadiness();
        daemon.operations.registerRoutes(daemon.router);
        const Answer answer = get(daemon.router, QStringLiteral("/actuator/health/readiness"));
        QCOMPARE(answer.status, 503);
        QCOMPARE(answer.body[QStringLiteral("status")].toString(), QStringLiteral("DOWN"));
        QCOMPARE(answer.component(QStringLiteral("kafka")), QStringLiteral("DOWN"));
        QCOMPARE(answer.component(QStringLiteral("db")), QStringLiteral("UP"));
    }

    void outboxHealthFollowsTheAlertThreshold()
    {
        QCOMPARE(outboxHealth(OutboxBacklog{0, 0})[QStringLiteral("status")].toString(), QStringLiteral("UP"));
        QCOMPARE(outboxHealth(OutboxBacklog{5, 60})[QStringLiteral("status")].toString(), QStringLiteral("UP"));
        QCOMPARE(outboxHealth(OutboxBacklog{5, 61})[QStringLiteral("status")].toString(), QStringLiteral("DELAYED"));
        const DbResult<OutboxBacklog> failed = QSqlError(QStringLiteral("gone"), {}, QSqlError::ConnectionError);
        QCOMPARE(outboxHealth(failed)[QStringLiteral("status")].toString(), QStringLiteral("UNKNOWN"));
    }
};

QTEST_GUILESS_MAIN(ReadinessWithoutBrokerTest)
#include "tst_readinesswithoutbroker.moc"
