#include "cart/cartservice.h"
#include "catalogfixtures.h"
#include "checkout/checkoutservice.h"
#include "core/metrics.h"
#include "db/database.h"
#include "orders/orderprocessor.h"
#include "orders/orderservice.h"
#include "payments/mockpaymentgateway.h"
#include "testclock.h"
#include "migrateddatabase.h"

#include <QtTest>

using namespace shop;
using testsupport::CatalogFixtures;
using testsupport::MigratedScratchDatabase;

namespace {

CustomerInfo customer()
{
    return {QStringLiteral("Ada Lovelace"), QStringLiteral("ada@example.com"), QStringLiteral("+441234567890"),
            {QStringLiteral("1 Main St"), QStringLiteral("London"), QStringLiteral("LN"), QStringLiteral("N1 9GU"),
             QStringLiteral("GB")}};
}

} // namespace

// The order-side metrics after real orders on PostgreSQL: a checkout, the
// daemon's processing of the events it causes (handed over as the relay
// would), a manager's fulfil and cancel. Status transitions, payment
// duration by outcome, revenue by method and the orders in flight.
class OrderMetricsTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<MigratedScratchDatabase> m_scratch;
    Database *m_database = nullptr; // m_scratch's
    std::unique_ptr<CatalogFixtures> m_catalog;
    testsupport::TestClock m_clock;
    Metrics m_metrics;
    std::unique_ptr<CartService> m_carts;
    std::unique_ptr<CheckoutService> m_checkout;
    std::unique_ptr<MockPaymentGateway> m_approving;
    std::unique_ptr<MockPaymentGateway> m_declining;
    std::unique_ptr<OrderProcessor> m_daemon;
    std::unique_ptr<OrderProcessor> m_decliningDaemon;
    std::unique_ptr<OrderService> m_orders;
    QString m_product;
    int m_sessions = 0;

    // The unsent rows of an outbox as the consumer receives them, marked sent.
    QList<IncomingMessage> relay(const QString &table)
    {
        QSqlQuery query(m_database->connection());
        QList<IncomingMessage> messages;
        if (!query.exec(QStringLiteral("UPDATE %1 SET sent_at = now() WHERE sent_at IS NULL "
                                       "RETURNING topic, message_key, payload").arg(table)))
            qFatal("relaying %s: %s", qPrintable(table), qPrintable(query.lastError().text()));
        while (query.next()) {
            IncomingMessage message;
            message.topic = query.value(0).toString();
            message.key = query.value(1).toByteArray();
            message.payload = query.value(2).toByteArray();
            messages.append(message);
        }
        return messages;
    }

    // One checkout of `quantity` units; returns the order number.
    QString placeOrder(int quantity)
    {
        const QString session = QStringLiteral("metrics-%1").arg(++m_sessions);
        if (!m_carts->addItem(session, QUuid::fromString(m_product), quantity))
            return {};
        const Result<CheckoutReceipt> receipt =
            m_checkout->placeOrder({session, customer(), {}}, QStringLiteral("key-") + session);
        return receipt ? receipt->orderNumber : QString();
    }

    // The OrderCreated waiting in catalog.outbox, through the given daemon.
    bool processNewOrders(OrderProcessor &daemon)
    {
        for (const IncomingMessage &message : relay(QStringLiteral("catalog.outbox")))
            if (daemon.onOrderCreated(message).outcome != HandlingResult::Outcome::Done)
                return false;
        return true;
    }

    bool processPaymentResults()
    {
        for (const IncomingMessage &message : relay(QStringLiteral("orders.outbox")))
            if (m_daemon->onPaymentCompleted(message).outcome != HandlingResult::Outcome::Done)
                return false;
        return true;
    }

    void verifyMetric(const QByteArray &line)
    {
        const QByteArray metrics = m_metrics.scrape();
        const QByteArray wanted = QByteArray("\n") + line + QByteArray("\n");
        QVERIFY2(metrics.contains(wanted), qPrintable(QStringLiteral("no '%1' in:\n%2")
                                                          .arg(QString::fromUtf8(line), QString::fromUtf8(metrics))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_scratch = std::make_unique<MigratedScratchDatabase>();
        QVERIFY2(m_scratch->error().isEmpty(), qPrintable(m_scratch->error()));
        m_database = &m_scratch->database();
        m_catalog = std::make_unique<CatalogFixtures>(*m_database);
        m_product = m_catalog->addProduct(QStringLiteral("MET-1"), 1250, 100);
        QVERIFY2(!m_product.isEmpty(), qPrintable(m_catalog->lastError()));

        m_carts = std::make_unique<CartService>(*m_database, m_metrics, m_clock);
        m_checkout = std::make_unique<CheckoutService>(*m_database, m_metrics, m_clock);
        m_approving = std::make_unique<MockPaymentGateway>(*m_database, MockPaymentGateway::Options{});
        m_declining = std::make_unique<MockPaymentGateway>(
            *m_database, MockPaymentGateway::Options{0.0, std::chrono::milliseconds(0), PaymentFailureMode::Decline});
        const auto never = [] { return false; };
        m_daemon = std::make_unique<OrderProcessor>(*m_database, *m_approving, m_metrics, m_clock,
                                                    std::chrono::seconds(5), never);
        // A second daemon on the same registry, as serve and daemon share
        // families in one process: it reuses them instead of failing.
        m_decliningDaemon = std::make_unique<OrderProcessor>(*m_database, *m_declining, m_metrics, m_clock,
                                                             std::chrono::seconds(5), never);
        m_orders = std::make_unique<OrderService>(*m_database, m_metrics, m_clock);
    }

    void everyStatusHasASeriesBeforeTheFirstOrder()
    {
        for (const char *status : {"PENDING", "PROCESSING", "PAID", "FAILED", "CANCELLED", "FULFILLED"})
            verifyMetric(QByteArray("order_status_transitions_total{to=\"") + status + "\"} 0");
        verifyMetric("revenue_cents_total{payment_method=\"MOCK\"} 0");
        verifyMetric("orders_in_flight 0");
    }

    void aPaidOrderCountsEachStepItsPaymentAndItsRevenueOnce()
    {
        QVERIFY(!placeOrder(2).isEmpty());
        QVERIFY(processNewOrders(*m_daemon));
        verifyMetric("order_status_transitions_total{to=\"PENDING\"} 1");
        verifyMetric("order_status_transitions_total{to=\"PROCESSING\"} 1");
        verifyMetric("payment_duration_seconds_count{outcome=\"approved\"} 1");
        // Charged, but PAID only once the PaymentCompleted is applied.
        m_daemon->refreshInFlightCount();
        verifyMetric("orders_in_flight 1");

        const QList<IncomingMessage> results = relay(QStringLiteral("orders.outbox"));
        QCOMPARE(results.size(), 1);
        QCOMPARE(m_daemon->onPaymentCompleted(results.front()).outcome, HandlingResult::Outcome::Done);
        verifyMetric("order_status_transitions_total{to=\"PAID\"} 1");
        verifyMetric("revenue_cents_total{payment_method=\"MOCK\"} 2500");
        m_daemon->refreshInFlightCount();
        verifyMetric("orders_in_flight 0");

        // The same PaymentCompleted again (a redelivery) counts nothing.
        QCOMPARE(m_daemon->onPaymentCompleted(results.front()).outcome, HandlingResult::Outcome::Done);
        verifyMetric("order_status_transitions_total{to=\"PAID\"} 1");
        verifyMetric("revenue_cents_total{payment_method=\"MOCK\"} 2500");
    }

    void aDeclinedOrderFailsWithoutRevenue()
    {
        QVERIFY(!placeOrder(1).isEmpty());
        QVERIFY(processNewOrders(*m_decliningDaemon));
        verifyMetric("payment_duration_seconds_count{outcome=\"declined\"} 1");
        QVERIFY(processPaymentResults());
        verifyMetric("order_status_transitions_total{to=\"FAILED\"} 1");
        verifyMetric("order_status_transitions_total{to=\"PENDING\"} 2");
        verifyMetric("revenue_cents_total{payment_method=\"MOCK\"} 2500");
    }

    void aManagersFulfilAndCancelAreTransitionsToo()
    {
        const QString fulfilled = placeOrder(1);
        const QString cancelled = placeOrder(1);
        QVERIFY(processNewOrders(*m_daemon));
        QVERIFY(processPaymentResults());
        verifyMetric("order_status_transitions_total{to=\"PAID\"} 3");
        verifyMetric("revenue_cents_total{payment_method=\"MOCK\"} 5000");
        QVERIFY(m_orders->fulfill(fulfilled, {}, QStringLiteral("manager"), {}));
        QVERIFY(m_orders->cancel(cancelled, QStringLiteral("changed their mind"), QStringLiteral("manager"), {}));
        verifyMetric("order_status_transitions_total{to=\"FULFILLED\"} 1");
        verifyMetric("order_status_transitions_total{to=\"CANCELLED\"} 1");
        // A refused change is not a transition.
        QVERIFY(!m_orders->fulfill(cancelled, {}, QStringLiteral("manager"), {}));
        verifyMetric("order_status_transitions_total{to=\"FULFILLED\"} 1");
    }
};

QTEST_GUILESS_MAIN(OrderMetricsTest)
#include "tst_ordermetrics.moc"
