#include "core/metrics.h"
#include "db/database.h"
#include "messaging/kafkaprobe.h"
#include "api/circuitbreakerhealth.h"
#include "http/httpserver.h"
#include "api/operationscontroller.h"
#include "payments/mockpaymentgateway.h"
#include "payments/resilientpaymentgateway.h"
#include "migrateddatabase.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <atomic>

using namespace shop;
using namespace std::chrono_literals;
using testsupport::MigratedScratchDatabase;
using Outcome = ChargeResult::Outcome;

namespace {

// Per attempt; the timing-out mock hangs exactly this long.
constexpr std::chrono::milliseconds kChargeTimeout = 100ms;
// Long enough that the checks made while the circuit is open (a charge, a
// health call and a scrape, all local) are done well before it turns half-open.
constexpr std::chrono::milliseconds kOpenDuration = 3s;

ChargeRequest anOrder()
{
    return {QUuid::createUuid(), QStringLiteral("ORD-20260101-001"), Money::fromCents(4250), QStringLiteral("corr-1")};
}

// A payment provider the test can repair mid-scenario: forwards each charge
// to one of two real mock gateways, and counts the charges that got past the
// circuit breaker. Test-only, so production code needs no hooks for it.
class RepairableGateway final : public PaymentGateway
{
public:
    RepairableGateway(PaymentGateway &broken, PaymentGateway &working)
        : m_broken(broken)
        , m_working(working)
    {
    }

    ChargeResult charge(const ChargeRequest &request, std::chrono::milliseconds timeout) override
    {
        ++m_calls;
        return (m_isRepaired ? m_working : m_broken).charge(request, timeout);
    }
    RefundResult refund(const RefundRequest &request, std::chrono::milliseconds timeout) override
    {
        ++m_calls;
        return (m_isRepaired ? m_working : m_broken).refund(request, timeout);
    }
    QString paymentMethod() const override { return m_broken.paymentMethod(); }

    void repair() { m_isRepaired = true; }
    int calls() const { return m_calls; }

private:
    PaymentGateway &m_broken;
    PaymentGateway &m_working;
    std::atomic<bool> m_isRepaired{false};
    std::atomic<int> m_calls{0};
};

// What /actuator/health answers, reduced to what this test is about.
struct Health
{
    int httpStatus = 0;
    QString status;         // overall
    QString paymentGateway; // the component's status
    QString circuitBreaker; // the component's details.circuitBreaker

    bool operator==(const Health &) const = default;
};

// The breaker is informational: whatever it says, the service stays UP (200).
Health upWithPaymentGateway(const QString &status, const QString &circuitBreaker)
{
    return {200, QStringLiteral("UP"), status, circuitBreaker};
}

// How QCOMPARE shows a Health that differs.
char *toString(const Health &health)
{
    return QTest::toString(QStringLiteral("HTTP %1, status %2, paymentGateway %3 (circuitBreaker %4)")
                               .arg(health.httpStatus)
                               .arg(health.status, health.paymentGateway, health.circuitBreaker));
}

// The value of one series in a Prometheus text scrape; NaN if it is missing.
double seriesValue(const QByteArray &scrape, const QByteArray &series)
{
    const QByteArray prefix = series + ' ';
    for (const QByteArray &line : scrape.split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).toDouble();
    }
    return qQNaN();
}

} // namespace

// The acceptance scenario "gateway timing out": the daemon's wiring of a
// resilient gateway around the mock, its breaker as an informational health
// component and its metrics scrape hook, served over real HTTP. After three
// timed-out attempts health shows the breaker OPEN, after the open duration
// HALF_OPEN, and after one successful charge CLOSED again.
class PaymentCircuitBreakerTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MigratedScratchDatabase> m_scratch;
    Database *m_database = nullptr; // m_scratch's
    std::unique_ptr<KafkaProbe> m_kafka;
    std::atomic<bool> m_migrated{false};
    Metrics m_metrics;
    std::unique_ptr<MockPaymentGateway> m_timingOut;
    std::unique_ptr<MockPaymentGateway> m_approving;
    std::unique_ptr<RepairableGateway> m_provider;
    std::unique_ptr<ResilientPaymentGateway> m_gateway;
    std::unique_ptr<OperationsController> m_operations;
    std::unique_ptr<HttpServer> m_server;
    QNetworkAccessManager m_network;

    // As Engine::startOrderProcessing() and Engine::startHttp() do it.
    void wireLikeTheDaemon()
    {
        using MockOptions = MockPaymentGateway::Options;
        m_timingOut = std::make_unique<MockPaymentGateway>(
            *m_database, MockOptions{.successRate = 0.0, .latency = 0ms, .failureMode = PaymentFailureMode::Timeout});
        m_approving = std::make_unique<MockPaymentGateway>(*m_database, MockOptions{.successRate = 1.0, .latency = 0ms});
        m_provider = std::make_unique<RepairableGateway>(*m_timingOut, *m_approving);

        ResilientPaymentGateway::Options options;
        options.timeout = kChargeTimeout;
        options.maxAttempts = 3;
        options.initialBackoff = 10ms;
        options.maxBackoff = 20ms;
        options.breaker = {.failureThreshold = 3, .openDuration = kOpenDuration};
        m_gateway = std::make_unique<ResilientPaymentGateway>(*m_provider, options, m_metrics);

        m_operations = std::make_unique<OperationsController>(*m_database, *m_kafka, m_metrics, m_migrated,
                                                              BuildInfo{}, QStringLiteral("daemon"));
        ResilientPaymentGateway *gateway = m_gateway.get();
        m_metrics.addScrapeHook([gateway] { gateway->refreshMetrics(); });
        m_operations->addInformationalComponent(QStringLiteral("paymentGateway"),
                                                [gateway] { return circuitBreakerHealth(gateway->breakerState()); });
        Router router;
        m_operations->registerRoutes(router);
        m_server = std::make_unique<HttpServer>(router, m_metrics, HttpServerOptions{1, 2, {}});
        QString error;
        QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    }

    QNetworkReply *get(const QString &path)
    {
        QNetworkReply *reply = m_network.get(
            QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path))));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30s, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        return reply;
    }

    Health health()
    {
        QNetworkReply *reply = get(QStringLiteral("/actuator/health"));
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        const QJsonObject component =
            body.value(QStringLiteral("components")).toObject().value(QStringLiteral("paymentGateway")).toObject();
        const QJsonObject details = component.value(QStringLiteral("details")).toObject();
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                body.value(QStringLiteral("status")).toString(), component.value(QStringLiteral("status")).toString(),
                details.value(QStringLiteral("circuitBreaker")).toString()};
    }

    // Polls health while the breaker is still OPEN; the bound is generous
    // and nothing is asserted about how long the wait took.
    Health healthOnceNoLongerOpen()
    {
        QDeadlineTimer giveUp(30s);
        Health now = health();
        while (now.circuitBreaker == u"OPEN" && !giveUp.hasExpired()) {
            QThread::msleep(100);
            now = health();
        }
        return now;
    }

    QByteArray scrape() { return get(QStringLiteral("/actuator/prometheus"))->readAll(); }

    // The states whose payment_circuit_breaker_state gauge is 1 in a scrape
    // of /actuator/prometheus: exactly one when all is well.
    QStringList breakerStateInMetrics()
    {
        const QByteArray metrics = scrape();
        QStringList set;
        for (const char *state : {"CLOSED", "OPEN", "HALF_OPEN"}) {
            const QByteArray series =
                QByteArray("payment_circuit_breaker_state{name=\"paymentGateway\",state=\"") + state + "\"}";
            if (seriesValue(metrics, series) == 1.0)
                set.append(QString::fromLatin1(state));
        }
        return set;
    }

    double gatewayCalls(const QByteArray &outcome)
    {
        return seriesValue(scrape(), "payment_gateway_calls_total{outcome=\"" + outcome + "\"}");
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString kafkaBootstrap =
            QProcessEnvironment::systemEnvironment().value(QStringLiteral("SHOP_TEST_KAFKA_BOOTSTRAP"));
        QVERIFY2(!kafkaBootstrap.isEmpty(), "SHOP_TEST_KAFKA_BOOTSTRAP is not set: run through tests/run");
        m_kafka = std::make_unique<KafkaProbe>(kafkaBootstrap);
        m_scratch = std::make_unique<MigratedScratchDatabase>();
        QVERIFY2(m_scratch->error().isEmpty(), qPrintable(m_scratch->error()));
        m_database = &m_scratch->database();
        m_migrated = true;
        wireLikeTheDaemon();
    }

    void cleanupTestCase()
    {
        m_server.reset(); // its routes call m_operations
        m_operations.reset();
        m_gateway.reset();
        m_provider.reset();
        m_approving.reset();
        m_timingOut.reset();
        m_database = nullptr;
        m_scratch.reset();
        m_kafka.reset();
    }

    void breakerOpensTurnsHalfOpenAndClosesAfterASuccess()
    {
        // Given a gateway that has not failed yet
        QCOMPARE(health(), upWithPaymentGateway(QStringLiteral("UP"), QStringLiteral("CLOSED")));
        QCOMPARE(breakerStateInMetrics(), QStringList{QStringLiteral("CLOSED")});
        const ChargeRequest order = anOrder();

        // When a charge times out on all three attempts
        const ChargeResult timedOut = m_gateway->charge(order, kChargeTimeout);

        QCOMPARE(timedOut.outcome, Outcome::Unavailable);
        QCOMPARE(timedOut.failureReason, QStringLiteral("payment gateway timed out"));
        QCOMPARE(m_provider->calls(), 3);

        // Then the circuit is open: the next charge fails fast, without reaching the provider
        const ChargeResult rejected = m_gateway->charge(order, kChargeTimeout);

        QCOMPARE(rejected.outcome, Outcome::Unavailable);
        QCOMPARE(rejected.failureReason, QStringLiteral("payment gateway unavailable (circuit open)"));
        QCOMPARE(m_provider->calls(), 3);
        QCOMPARE(gatewayCalls("rejected"), 1.0);
        QCOMPARE(gatewayCalls("unavailable"), 3.0);

        // and health and metrics say so, while the service itself stays UP
        QCOMPARE(health(), upWithPaymentGateway(QStringLiteral("CIRCUIT_OPEN"), QStringLiteral("OPEN")));
        QCOMPARE(breakerStateInMetrics(), QStringList{QStringLiteral("OPEN")});

        // When the open duration has passed, with no call in between
        QCOMPARE(healthOnceNoLongerOpen(),
                 upWithPaymentGateway(QStringLiteral("CIRCUIT_HALF_OPEN"), QStringLiteral("HALF_OPEN")));
        QCOMPARE(breakerStateInMetrics(), QStringList{QStringLiteral("HALF_OPEN")}); // the scrape hook's doing

        // and the provider is back, one charge (the trial) gets through and closes the circuit
        m_provider->repair();
        const ChargeResult approved = m_gateway->charge(order, kChargeTimeout);

        QCOMPARE(approved.outcome, Outcome::Approved);
        QCOMPARE(m_provider->calls(), 4);
        QCOMPARE(gatewayCalls("approved"), 1.0);
        QCOMPARE(health(), upWithPaymentGateway(QStringLiteral("UP"), QStringLiteral("CLOSED")));
        QCOMPARE(breakerStateInMetrics(), QStringList{QStringLiteral("CLOSED")});
    }
};

QTEST_GUILESS_MAIN(PaymentCircuitBreakerTest)
#include "tst_paymentcircuitbreaker.moc"
