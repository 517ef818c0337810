#include "cart/cartservice.h"
#include "catalogfixtures.h"
#include "checkout/checkoutservice.h"
#include "core/metrics.h"
#include "db/database.h"
#include "migrateddatabase.h"
#include "orders/orderprocessor.h"
#include "payments/mockpaymentgateway.h"
#include "testclock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace shop;
using testsupport::CatalogFixtures;
using testsupport::MigratedScratchDatabase;
using Outcome = HandlingResult::Outcome;

namespace {

CustomerInfo customer()
{
    return {QStringLiteral("Ada Lovelace"), QStringLiteral("ada@example.com"), QStringLiteral("+441234567890"),
            {QStringLiteral("1 Main St"), QStringLiteral("London"), QStringLiteral("LN"), QStringLiteral("N1 9GU"),
             QStringLiteral("GB")}};
}

std::vector<Outcome> outcomes(const std::vector<HandlingResult> &results)
{
    std::vector<Outcome> list;
    for (const HandlingResult &result : results)
        list.push_back(result.outcome);
    return list;
}

// The same OrderCreated with a new eventId and orderId (what a second,
// different event for the same order number would be).
IncomingMessage otherOrderWithTheSameNumber(IncomingMessage message)
{
    QJsonObject event = QJsonDocument::fromJson(message.payload).object();
    event[QStringLiteral("eventId")] = QUuid::createUuid().toString(QUuid::WithoutBraces);
    event[QStringLiteral("orderId")] = QUuid::createUuid().toString(QUuid::WithoutBraces);
    message.payload = QJsonDocument(event).toJson(QJsonDocument::Compact);
    return message;
}

// The same event under a new eventId: a second, different event of the same
// order; fields overrides what it says.
IncomingMessage anotherEventOfTheSameOrder(IncomingMessage message, const QJsonObject &fields = {})
{
    QJsonObject event = QJsonDocument::fromJson(message.payload).object();
    event[QStringLiteral("eventId")] = QUuid::createUuid().toString(QUuid::WithoutBraces);
    for (auto field = fields.begin(); field != fields.end(); ++field)
        event[field.key()] = field.value();
    message.payload = QJsonDocument(event).toJson(QJsonDocument::Compact);
    return message;
}

QString orderIdOf(const IncomingMessage &message)
{
    return QJsonDocument::fromJson(message.payload).object().value(QStringLiteral("orderId")).toString();
}

} // namespace

// The daemon's batch handlers on PostgreSQL, handed the messages of one poll
// as the consumer would: one order, one charge and one PaymentCompleted per
// order whatever the batch holds (duplicates, a message that cannot be
// parsed, one that fails the batch's transaction, messages for an order paid
// already, two results of one order, an order cancelled before its result),
// and no double charge when
// a batch is cut off between the claim and the charge or after the charge.
class OrderBatchesTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<MigratedScratchDatabase> m_scratch;
    Database *m_database = nullptr; // m_scratch's
    std::unique_ptr<CatalogFixtures> m_catalog;
    testsupport::TestClock m_clock;
    Metrics m_metrics;
    std::unique_ptr<CartService> m_carts;
    std::unique_ptr<CheckoutService> m_checkout;
    std::unique_ptr<MockPaymentGateway> m_gateway;
    std::unique_ptr<OrderProcessor> m_daemon;
    bool m_isStopping = false;
    QString m_product;
    int m_sessions = 0;

    // The unsent rows of an outbox as the consumer receives them, marked sent.
    std::vector<IncomingMessage> relay(const QString &table)
    {
        QSqlQuery query(m_database->connection());
        std::vector<IncomingMessage> messages;
        if (!query.exec(QStringLiteral("UPDATE %1 SET sent_at = now() WHERE sent_at IS NULL "
                                       "RETURNING topic, message_key, payload, created_at").arg(table)))
            qFatal("relaying %s: %s", qPrintable(table), qPrintable(query.lastError().text()));
        while (query.next()) {
            IncomingMessage message;
            message.topic = query.value(0).toString();
            message.key = query.value(1).toByteArray();
            message.payload = query.value(2).toByteArray();
            messages.push_back(message);
        }
        return messages;
    }

    std::vector<IncomingMessage> placeOrders(int count)
    {
        for (int i = 0; i < count; ++i) {
            const QString session = QStringLiteral("batch-%1").arg(++m_sessions);
            if (!m_carts->addItem(session, QUuid::fromString(m_product), 1))
                return {};
            if (!m_checkout->placeOrder({session, customer(), {}}, QStringLiteral("key-") + session))
                return {};
        }
        return relay(QStringLiteral("catalog.outbox"));
    }

    qint64 number(const QString &sql)
    {
        QSqlQuery query(m_database->connection());
        if (!query.exec(sql) || !query.next())
            qFatal("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return query.value(0).toLongLong();
    }

    qint64 orders(const char *status) { return number(QStringLiteral("SELECT count(*) FROM orders.orders WHERE status = '%1'").arg(QLatin1String(status))); }
    qint64 charges() { return number(QStringLiteral("SELECT count(*) FROM orders.mock_gateway_charges")); }
    qint64 gatewayCalls() { return number(QStringLiteral("SELECT coalesce(sum(calls), 0) FROM orders.mock_gateway_charges")); }
    qint64 paymentEvents()
    {
        return number(QStringLiteral("SELECT count(*) FROM orders.outbox WHERE event_type = 'PAYMENT_COMPLETED'"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_scratch = std::make_unique<MigratedScratchDatabase>();
        QVERIFY2(m_scratch->error().isEmpty(), qPrintable(m_scratch->error()));
        m_database = &m_scratch->database();
        m_catalog = std::make_unique<CatalogFixtures>(*m_database);
        m_product = m_catalog->addProduct(QStringLiteral("BAT-1"), 990, 1000);
        QVERIFY2(!m_product.isEmpty(), qPrintable(m_catalog->lastError()));
        m_carts = std::make_unique<CartService>(*m_database, m_metrics, m_clock);
        m_checkout = std::make_unique<CheckoutService>(*m_database, m_metrics, m_clock);
        m_gateway = std::make_unique<MockPaymentGateway>(*m_database, MockPaymentGateway::Options{});
        m_daemon = std::make_unique<OrderProcessor>(*m_database, *m_gateway, m_metrics, m_clock,
                                                    std::chrono::seconds(5), [this] { return m_isStopping; });
    }

    void init()
    {
        m_isStopping = false;
        QSqlQuery query(m_database->connection());
        QVERIFY2(query.exec(QStringLiteral("TRUNCATE orders.orders, orders.outbox, orders.processed_events, "
                                           "orders.mock_gateway_charges CASCADE")),
                 qPrintable(query.lastError().text()));
    }

    void aDuplicateAndAPoisonMessageAmongValidOnesMakeOneOrderEach()
    {
        const std::vector<IncomingMessage> created = placeOrders(3);
        QCOMPARE(int(created.size()), 3);
        IncomingMessage poison = created[0];
        poison.payload = QByteArrayLiteral(R"({"eventType":"ORDER_CREATED","items":[]})");
        const std::vector<IncomingMessage> batch{created[0], created[1], created[1], poison, created[2]};
        QCOMPARE(outcomes(m_daemon->onOrderCreatedBatch(batch)),
                 (std::vector<Outcome>{Outcome::Done, Outcome::Done, Outcome::Done, Outcome::Invalid, Outcome::Done}));
        QCOMPARE(orders("PROCESSING"), 3);
        QCOMPARE(charges(), 3);
        QCOMPARE(gatewayCalls(), 3);
        QCOMPARE(paymentEvents(), 3);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.processed_events")), 3);

        // The whole poll delivered again (a crash before the offsets were
        // committed): nothing new, no charge asked for.
        QCOMPARE(outcomes(m_daemon->onOrderCreatedBatch(batch)),
                 (std::vector<Outcome>{Outcome::Done, Outcome::Done, Outcome::Done, Outcome::Invalid, Outcome::Done}));
        QCOMPARE(orders("PROCESSING"), 3);
        QCOMPARE(gatewayCalls(), 3);
        QCOMPARE(paymentEvents(), 3);

        std::vector<IncomingMessage> results = relay(QStringLiteral("orders.outbox"));
        QCOMPARE(int(results.size()), 3);
        results.push_back(results.front()); // a duplicate in the same poll
        QCOMPARE(outcomes(m_daemon->onPaymentCompletedBatch(results)), std::vector<Outcome>(4, Outcome::Done));
        QCOMPARE(orders("PAID"), 3);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.order_status_history WHERE to_status = 'PAID'")), 3);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.order_status_history")), 9);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.payment_transactions WHERE status = 'SUCCESS'")), 3);
    }

    void aBatchThatFailsLeavesEachMessageToTheOneMessageHandler()
    {
        const std::vector<IncomingMessage> created = placeOrders(2);
        QCOMPARE(int(created.size()), 2);
        // Parses, but its order number is taken: the batch's insert fails.
        const IncomingMessage poison = otherOrderWithTheSameNumber(created[0]);
        const std::vector<IncomingMessage> batch{created[0], poison, created[1]};
        QCOMPARE(outcomes(m_daemon->onOrderCreatedBatch(batch)), std::vector<Outcome>(3, Outcome::Unavailable));
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.orders")), 0);
        QCOMPARE(charges(), 0);

        // What the consumer does next: each alone, the poison one fails.
        QCOMPARE(m_daemon->onOrderCreated(created[0]).outcome, Outcome::Done);
        QCOMPARE(m_daemon->onOrderCreated(poison).outcome, Outcome::Failed);
        QCOMPARE(m_daemon->onOrderCreated(created[1]).outcome, Outcome::Done);
        QCOMPARE(orders("PROCESSING"), 2);
        QCOMPARE(charges(), 2);
        QCOMPARE(paymentEvents(), 2);
        QCOMPARE(outcomes(m_daemon->onPaymentCompletedBatch(relay(QStringLiteral("orders.outbox")))),
                 std::vector<Outcome>(2, Outcome::Done));
        QCOMPARE(orders("PAID"), 2);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.order_status_history WHERE to_status = 'PAID'")), 2);
    }

    void messagesForAPaidOrderAmongNewOnesChangeNothingOfIt()
    {
        const std::vector<IncomingMessage> first = placeOrders(1);
        QCOMPARE(int(first.size()), 1);
        QCOMPARE(outcomes(m_daemon->onOrderCreatedBatch(first)), std::vector<Outcome>{Outcome::Done});
        const std::vector<IncomingMessage> firstResult = relay(QStringLiteral("orders.outbox"));
        QCOMPARE(outcomes(m_daemon->onPaymentCompletedBatch(firstResult)), std::vector<Outcome>{Outcome::Done});
        QCOMPARE(orders("PAID"), 1);

        // The paid order's OrderCreated again, as itself and as another
        // event of the same order, between two new orders.
        const std::vector<IncomingMessage> created = placeOrders(2);
        QCOMPARE(int(created.size()), 2);
        const std::vector<IncomingMessage> batch{created[0], first[0], anotherEventOfTheSameOrder(first[0]), created[1]};
        QCOMPARE(outcomes(m_daemon->onOrderCreatedBatch(batch)), std::vector<Outcome>(4, Outcome::Done));
        QCOMPARE(orders("PAID"), 1);
        QCOMPARE(orders("PROCESSING"), 2);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.orders")), 3);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.order_items")), 3);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.payment_transactions")), 3);
        QCOMPARE(gatewayCalls(), 3);
        QCOMPARE(paymentEvents(), 3);

        // A failed result under a new eventId for the paid order, between
        // the new orders' results: those are applied, the paid one stays.
        const std::vector<IncomingMessage> results = relay(QStringLiteral("orders.outbox"));
        QCOMPARE(int(results.size()), 2);
        const IncomingMessage lateFailure = anotherEventOfTheSameOrder(
            firstResult[0], {{QStringLiteral("status"), QStringLiteral("FAILED")},
                             {QStringLiteral("externalTransactionId"), QJsonValue()},
                             {QStringLiteral("failureReason"), QStringLiteral("declined")}});
        QCOMPARE(outcomes(m_daemon->onPaymentCompletedBatch({results[0], lateFailure, results[1]})),
                 std::vector<Outcome>(3, Outcome::Done));
        QCOMPARE(orders("PAID"), 3);
        QCOMPARE(orders("FAILED"), 0);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.order_status_history WHERE to_status = 'PAID'")), 3);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.order_status_history")), 9);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.payment_transactions WHERE status = 'SUCCESS'")), 3);
    }

    void anOrdersSecondResultInOnePollWaitsForItsFirst()
    {
        const std::vector<IncomingMessage> created = placeOrders(2);
        QCOMPARE(int(created.size()), 2);
        QCOMPARE(outcomes(m_daemon->onOrderCreatedBatch(created)), std::vector<Outcome>(2, Outcome::Done));
        const std::vector<IncomingMessage> results = relay(QStringLiteral("orders.outbox"));
        QCOMPARE(int(results.size()), 2);
        const IncomingMessage second = anotherEventOfTheSameOrder(
            results[0], {{QStringLiteral("status"), QStringLiteral("FAILED")},
                         {QStringLiteral("externalTransactionId"), QJsonValue()},
                         {QStringLiteral("failureReason"), QStringLiteral("declined")}});
        // Left to the one-message handler, which the consumer runs after the batch.
        QCOMPARE(outcomes(m_daemon->onPaymentCompletedBatch({results[0], second, results[1]})),
                 (std::vector<Outcome>{Outcome::Done, Outcome::Unavailable, Outcome::Done}));
        QCOMPARE(orders("PAID"), 2);
        QCOMPARE(m_daemon->onPaymentCompleted(second).outcome, Outcome::Done);
        QCOMPARE(orders("PAID"), 2);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.order_status_history WHERE to_status = 'PAID'")), 2);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.order_status_history WHERE to_status = 'FAILED'")), 0);
    }

    void aPaymentForAnOrderCancelledMeanwhileAsksForItsRefund()
    {
        const std::vector<IncomingMessage> created = placeOrders(2);
        QCOMPARE(int(created.size()), 2);
        QCOMPARE(outcomes(m_daemon->onOrderCreatedBatch(created)), std::vector<Outcome>(2, Outcome::Done));
        const QString cancelled = orderIdOf(created[1]);
        QSqlQuery cancel(m_database->connection());
        QVERIFY2(cancel.exec(QStringLiteral("UPDATE orders.orders SET status = 'CANCELLED', cancelled_at = now(), "
                                            "cancellation_reason = 'changed my mind' WHERE id = '%1'").arg(cancelled)),
                 qPrintable(cancel.lastError().text()));
        QCOMPARE(outcomes(m_daemon->onPaymentCompletedBatch(relay(QStringLiteral("orders.outbox")))),
                 std::vector<Outcome>(2, Outcome::Done));
        QCOMPARE(orders("PAID"), 1);
        QCOMPARE(orders("CANCELLED"), 1);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.refunds WHERE kind = 'CANCELLATION' AND order_id = '%1'")
                            .arg(cancelled)),
                 1);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.refunds")), 1);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.payment_transactions WHERE status = 'SUCCESS'")), 2);
    }

    void aBatchCutOffAroundTheChargesNeverChargesTwice()
    {
        const std::vector<IncomingMessage> created = placeOrders(2);
        QCOMPARE(int(created.size()), 2);
        // Stopping after the claims: claimed, nothing charged, left for later.
        m_isStopping = true;
        QCOMPARE(outcomes(m_daemon->onOrderCreatedBatch(created)), std::vector<Outcome>(2, Outcome::Unavailable));
        m_isStopping = false;
        QCOMPARE(orders("PROCESSING"), 2);
        QCOMPARE(charges(), 0);
        QCOMPARE(paymentEvents(), 0);

        // The first one charged and then a crash before its PaymentCompleted.
        QSqlQuery order(m_database->connection());
        QVERIFY(order.exec(QStringLiteral("SELECT id, order_number, subtotal_cents FROM orders.orders "
                                          "ORDER BY order_number LIMIT 1")) && order.next());
        const ChargeResult charged = m_gateway->charge(
            {QUuid::fromString(order.value(0).toString()), order.value(1).toString(),
             Money::fromCents(order.value(2).toLongLong()), QStringLiteral("corr")},
            std::chrono::seconds(5));
        QVERIFY(charged.isApproved());

        // Delivered again: each charged once, the first one's answer replayed.
        QCOMPARE(outcomes(m_daemon->onOrderCreatedBatch(created)), std::vector<Outcome>(2, Outcome::Done));
        QCOMPARE(charges(), 2);
        QCOMPARE(gatewayCalls(), 3); // the first asked twice, answered from its ledger row the second time
        QCOMPARE(paymentEvents(), 2);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.outbox WHERE payload::jsonb->>'externalTransactionId' = '%1'")
                            .arg(charged.externalTransactionId)),
                 1);
        QCOMPARE(number(QStringLiteral("SELECT max(attempts) FROM orders.payment_transactions")), 2);
    }
};

QTEST_GUILESS_MAIN(OrderBatchesTest)
#include "tst_orderbatches.moc"
