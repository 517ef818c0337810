#include "core/metrics.h"
#include "db/database.h"
#include "messaging/kafkaprobe.h"
#include "api/operationscontroller.h"
#include "api/swaggeruicontroller.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace shop;

namespace {

// A request as the server hands it to a handler: matched, with its path
// parameters and query.
HttpResponse get(const Router &router, const QString &target)
{
    HttpRequest request;
    request.method = "GET";
    request.target = target.toUtf8();
    const qsizetype question = target.indexOf(u'?');
    request.path = target.left(question);
    if (question >= 0)
        request.query = QUrlQuery(target.mid(question + 1));
    const RouteMatch match = router.match(request.method, request.path);
    if (!match.route)
        return HttpResponse{404, {}, {}, {}};
    request.pathParameters = match.pathParameters;
    return match.route->handler(request);
}

QJsonObject json(const HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

// statistic -> value of a metric's measurements.
QHash<QString, double> measurements(const QJsonObject &metric)
{
    QHash<QString, double> result;
    for (const QJsonValue &measurement : metric.value(QStringLiteral("measurements")).toArray())
        result.insert(measurement[QStringLiteral("statistic")].toString(), measurement[QStringLiteral("value")].toDouble());
    return result;
}

QHash<QString, QStringList> availableTags(const QJsonObject &metric)
{
    QHash<QString, QStringList> result;
    for (const QJsonValue &tag : metric.value(QStringLiteral("availableTags")).toArray()) {
        QStringList values;
        for (const QJsonValue &value : tag[QStringLiteral("values")].toArray())
            values << value.toString();
        result.insert(tag[QStringLiteral("tag")].toString(), values);
    }
    return result;
}

} // namespace

// /actuator/info, /actuator/metrics and /swagger-ui.html answer in the shapes
// clients of the Spring platform read (Spring Boot Actuator, springdoc).
class ActuatorEndpointsTest : public QObject
{
    Q_OBJECT

    Database m_database{*DatabaseUrl::parse(QStringLiteral("postgresql://u:p@127.0.0.1:1/none"))}; // never connects
    KafkaProbe m_kafka{QStringLiteral("127.0.0.1:1")};
    std::atomic<bool> m_migrated{true};
    Metrics m_metrics;
    OperationsController m_operations{m_database, m_kafka, m_metrics, m_migrated,
                                       BuildInfo{QStringLiteral("1.2.3"), QStringLiteral("2026-11-30T10:00:00Z"),
                                                 QStringLiteral("abc1234")},
                                       QStringLiteral("daemon")};
    Router m_router;

private Q_SLOTS:
    void initTestCase()
    {
        m_operations.registerRoutes(m_router);
        auto &payments = prometheus::BuildCounter().Name("test_payments_total").Help("Payments by outcome").Register(m_metrics.registry());
        payments.Add({{"outcome", "success"}, {"method", "MOCK"}}).Increment(5);
        payments.Add({{"outcome", "failed"}, {"method", "MOCK"}}).Increment(2);
        payments.Add({{"outcome", "success"}, {"method", "CASH"}}).Increment(1);
        prometheus::BuildGauge().Name("test_backlog").Help("Rows waiting").Register(m_metrics.registry()).Add({{"table", "a"}}).Set(3);
        prometheus::BuildCounter().Name("test_never_used_total").Help("No series yet").Register(m_metrics.registry());
        m_metrics.observeHttpRequest("GET", "/api/v1/orders/{orderNumber}", 200, 0.25);
        m_metrics.observeHttpRequest("GET", "/api/v1/orders/{orderNumber}", 404, 0.5);
    }

    void infoNamesTheBuildAndTheMode()
    {
        const HttpResponse response = get(m_router, QStringLiteral("/actuator/info"));
        QCOMPARE(response.status, 200);
        const QJsonObject info = json(response);
        QCOMPARE(info[QStringLiteral("app")][QStringLiteral("mode")].toString(), QStringLiteral("daemon"));
        QCOMPARE(info[QStringLiteral("build")][QStringLiteral("version")].toString(), QStringLiteral("1.2.3"));
        QCOMPARE(info[QStringLiteral("build")][QStringLiteral("time")].toString(), QStringLiteral("2026-11-30T10:00:00Z"));
        QCOMPARE(info[QStringLiteral("git")][QStringLiteral("commit")][QStringLiteral("id")].toString(), QStringLiteral("abc1234"));
    }

    void metricNamesAreTheFamiliesWithValues()
    {
        const HttpResponse response = get(m_router, QStringLiteral("/actuator/metrics"));
        QCOMPARE(response.status, 200);
        QStringList names;
        for (const QJsonValue &name : json(response)[QStringLiteral("names")].toArray())
            names << name.toString();
        QVERIFY(names.contains(QStringLiteral("test_payments_total")));
        QVERIFY(names.contains(QStringLiteral("http_server_requests_seconds")));
        QVERIFY(names.contains(QStringLiteral("process_uptime_seconds")));
        QVERIFY(!names.contains(QStringLiteral("test_never_used_total")));
        QStringList sorted = names;
        sorted.sort();
        QCOMPARE(names, sorted);
    }

    void aCounterSumsItsSeriesAndListsItsTags()
    {
        const HttpResponse response = get(m_router, QStringLiteral("/actuator/metrics/test_payments_total"));
        QCOMPARE(response.status, 200);
        const QJsonObject metric = json(response);
        QCOMPARE(metric[QStringLiteral("name")].toString(), QStringLiteral("test_payments_total"));
        QCOMPARE(metric[QStringLiteral("description")].toString(), QStringLiteral("Payments by outcome"));
        QVERIFY(metric[QStringLiteral("baseUnit")].isNull());
        QCOMPARE(measurements(metric), (QHash<QString, double>{{QStringLiteral("COUNT"), 8}}));
        QCOMPARE(availableTags(metric), (QHash<QString, QStringList>{
                                            {QStringLiteral("outcome"), {QStringLiteral("failed"), QStringLiteral("success")}},
                                            {QStringLiteral("method"), {QStringLiteral("CASH"), QStringLiteral("MOCK")}}}));
    }

    void tagsNarrowTheSeries()
    {
        const QJsonObject one = json(get(m_router, QStringLiteral("/actuator/metrics/test_payments_total?tag=outcome:success")));
        QCOMPARE(measurements(one), (QHash<QString, double>{{QStringLiteral("COUNT"), 6}}));
        // The tag asked for is fixed, so it is no longer offered.
        QCOMPARE(availableTags(one), (QHash<QString, QStringList>{{QStringLiteral("method"), {QStringLiteral("CASH"), QStringLiteral("MOCK")}}}));

        const QJsonObject two = json(get(m_router, QStringLiteral("/actuator/metrics/test_payments_total?tag=outcome:success&tag=method:CASH")));
        QCOMPARE(measurements(two), (QHash<QString, double>{{QStringLiteral("COUNT"), 1}}));
        QVERIFY(availableTags(two).isEmpty());
    }

    void aTimerHasCountTotalTimeAndSeconds()
    {
        const QJsonObject metric = json(get(m_router, QStringLiteral("/actuator/metrics/http_server_requests_seconds?tag=status:404")));
        QCOMPARE(metric[QStringLiteral("baseUnit")].toString(), QStringLiteral("seconds"));
        QCOMPARE(measurements(metric), (QHash<QString, double>{{QStringLiteral("COUNT"), 1}, {QStringLiteral("TOTAL_TIME"), 0.5}}));
        QCOMPARE(availableTags(metric).value(QStringLiteral("uri")), QStringList{QStringLiteral("/api/v1/orders/{orderNumber}")});
    }

    void aGaugeHasItsValue()
    {
        const QJsonObject metric = json(get(m_router, QStringLiteral("/actuator/metrics/test_backlog")));
        QCOMPARE(measurements(metric), (QHash<QString, double>{{QStringLiteral("VALUE"), 3}}));
    }

    void unknownMetricsAndBadTagsAreProblems_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("status");
        QTest::newRow("unknown name") << QStringLiteral("/actuator/metrics/no_such_metric") << 404;
        QTest::newRow("a family without series") << QStringLiteral("/actuator/metrics/test_never_used_total") << 404;
        QTest::newRow("no series with that tag") << QStringLiteral("/actuator/metrics/test_payments_total?tag=outcome:lost") << 404;
        QTest::newRow("tag without a colon") << QStringLiteral("/actuator/metrics/test_payments_total?tag=outcome") << 400;
        QTest::newRow("tag without a key") << QStringLiteral("/actuator/metrics/test_payments_total?tag=:success") << 400;
    }

    void unknownMetricsAndBadTagsAreProblems()
    {
        QFETCH(QString, target);
        QFETCH(int, status);
        const HttpResponse response = get(m_router, target);
        QCOMPARE(response.status, status);
        QCOMPARE(response.contentType, QByteArrayLiteral("application/problem+json"));
        if (status == 400)
            QCOMPARE(json(response)[QStringLiteral("errors")].toArray().first()[QStringLiteral("field")].toString(), QStringLiteral("tag"));
    }

    void swaggerUiShowsThisPortsDocument()
    {
        SwaggerUiController swagger;
        Router router;
        swagger.registerRoutes(router);
        const HttpResponse page = get(router, QStringLiteral("/swagger-ui.html"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.contentType.startsWith("text/html"));
        QVERIFY(page.body.contains("/v3/api-docs"));
        QCOMPARE(get(router, QStringLiteral("/swagger-ui/no-such-file.js")).status, 404);
        if (!swagger.hasAssets()) {
            // Built without npm: the page says how to get the assets.
            QVERIFY(page.body.contains("npm"));
            QCOMPARE(get(router, QStringLiteral("/swagger-ui/swagger-ui-bundle.js")).status, 404);
            return;
        }
        QVERIFY(page.body.contains("/swagger-ui/swagger-ui-bundle.js"));
        const HttpResponse bundle = get(router, QStringLiteral("/swagger-ui/swagger-ui-bundle.js"));
        QCOMPARE(bundle.status, 200);
        QVERIFY(bundle.contentType.startsWith("text/javascript"));
        QVERIFY(bundle.body.contains("SwaggerUIBundle"));
        const HttpResponse css = get(router, QStringLiteral("/swagger-ui/swagger-ui.css"));
        QCOMPARE(css.status, 200);
        QVERIFY(css.contentType.startsWith("text/css"));
        // Swagger UI is Apache-2.0: its licence ships with it.
        QVERIFY(get(router, QStringLiteral("/swagger-ui/LICENSE")).body.contains("Apache License"));
        QCOMPARE(get(router, QStringLiteral("/swagger-ui/NOTICE")).status, 200);
    }
};

QTEST_GUILESS_MAIN(ActuatorEndpointsTest)
#include "tst_actuatorendpoints.moc"
