#include "events/ordercancelledevent.h"
#include "events/refundevents.h"
#include "forgedtokens.h"
#include "orderapitestbase.h"
#include "parallelhttp.h"

#include <QtTest>

using namespace testsupport;

namespace {

QJsonObject reason(const QJsonValue &value)
{
    return {{QStringLiteral("reason"), value}};
}

} // namespace

// The manager operations over REST: cancel (PENDING, PROCESSING or PAID,
// with an OrderCancelled outbox row in the same transaction) and fulfill
// (PAID only); every refusal changes nothing.
class OrderManagementTest : public OrderApiTestBase
{
    Q_OBJECT

private:
    int outboxRows() { return m_orders->count(QStringLiteral("orders.outbox")); }
    int historyRows() { return m_orders->count(QStringLiteral("orders.order_status_history")); }

    QString historyOf(const QString &orderId, const char *column)
    {
        return m_orders
            ->scalar(QStringLiteral("SELECT %1 FROM orders.order_status_history WHERE order_id = ? "
                                    "ORDER BY id DESC LIMIT 1").arg(QLatin1String(column)),
                     {orderId})
            .toString();
    }

    QString outbox(const char *column)
    {
        return m_orders
            ->scalar(QStringLiteral("SELECT %1 FROM orders.outbox WHERE event_type = 'ORDER_CANCELLED'")
                         .arg(QLatin1String(column)))
            .toString();
    }

private Q_SLOTS:
    void init()
    {
        const QString error = start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() { stop(); }

    void cancelWorksFromPendingProcessingAndPaid_data()
    {
        QTest::addColumn<QString>("status");
        QTest::newRow("PENDING") << "PENDING";
        QTest::newRow("PROCESSING") << "PROCESSING";
        QTest::newRow("PAID") << "PAID";
    }

    void cancelWorksFromPendingProcessingAndPaid()
    {
        QFETCH(QString, status);
        const FixtureOrder order = addOrder(status);
        m_api->clock().advance(30);

        QList<QPair<QByteArray, QByteArray>> headers = asManager();
        headers.append({QByteArray("X-Correlation-ID"), QByteArray("corr-cancel-1")});
        const HttpReply reply = cancel(order.orderNumber, reason(QStringLiteral("  Customer changed their mind  ")), headers);
        QCOMPARE(reply.status, 200);
        const QJsonObject cancelled = reply.json();
        QCOMPARE(cancelled.value(QStringLiteral("status")).toString(), QStringLiteral("CANCELLED"));
        QCOMPARE(cancelled.value(QStringLiteral("cancellationReason")).toString(), QStringLiteral("Customer changed their mind"));
        QCOMPARE(cancelled.value(QStringLiteral("cancelledAt")).toString(), iso(now()));
        QCOMPARE(cancelled.value(QStringLiteral("updatedAt")).toString(), iso(now()));
        QCOMPARE(getOrder(order.orderNumber).json(), cancelled);

        QCOMPARE(historyOf(order.id, "from_status"), status);
        QCOMPARE(historyOf(order.id, "to_status"), QStringLiteral("CANCELLED"));
        QCOMPARE(historyOf(order.id, "reason"), QStringLiteral("Customer changed their mind"));
        QCOMPARE(historyOf(order.id, "changed_by"), QStringLiteral("test-manager"));
        QCOMPARE(historyOf(order.id, "correlation_id"), QStringLiteral("corr-cancel-1"));

        // The event the catalog restocks from, committed with the cancellation
        // (a PAID order's RefundRequested beside it: cancelPaidOrderAsksForItsRefund).
        QCOMPARE(outboxRows(), status == u"PAID" ? 2 : 1);
        QCOMPARE(outbox("topic"), QStringLiteral("orders.cancelled"));
        QCOMPARE(outbox("message_key"), order.id);
        QCOMPARE(outbox("aggregate_id"), order.id);
        QCOMPARE(outbox("event_type"), QStringLiteral("ORDER_CANCELLED"));
        QCOMPARE(outbox("correlation_id"), QStringLiteral("corr-cancel-1"));
        const auto event = shop::OrderCancelledEvent::parse(outbox("payload").toUtf8());
        QVERIFY2(event.isOk(), qPrintable(outbox("payload")));
        QCOMPARE(event->eventId.toString(QUuid::WithoutBraces), outbox("id"));
        QCOMPARE(event->orderId.toString(QUuid::WithoutBraces), order.id);
        QCOMPARE(event->orderNumber, order.orderNumber);
        QCOMPARE(shop::statusName(event->previousStatus), status);
        QCOMPARE(event->reason, QStringLiteral("Customer changed their mind"));
        QCOMPARE(event->cancelledBy, QStringLiteral("test-manager"));
        QCOMPARE(event->correlationId, QStringLiteral("corr-cancel-1"));
        QCOMPARE(iso(event->timestamp), iso(now()));
        QCOMPARE(event->items.size(), order.items.size());
        for (qsizetype i = 0; i < order.items.size(); ++i) {
            QCOMPARE(event->items.at(i).productId.toString(QUuid::WithoutBraces), order.items.at(i).productId);
            QCOMPARE(event->items.at(i).productSku, order.items.at(i).sku);
            QCOMPARE(event->items.at(i).quantity, order.items.at(i).quantity);
        }
        QVERIFY(m_api->metrics().scrape().contains("orders_cancelled_total 1"));
    }

    void cancelPaidOrderAsksForItsRefund()
    {
        const FixtureOrder paid = addOrder(QStringLiteral("PAID"));
        const FixtureOrder pending = addOrder(QStringLiteral("PENDING"));

        QCOMPARE(cancel(paid.orderNumber, reason(QStringLiteral("damaged in transit"))).status, 200);
        QCOMPARE(cancel(pending.orderNumber, reason(QStringLiteral("changed their mind"))).status, 200);

        // Only the paid order has money to give back: one refund of all of it.
        QCOMPARE(m_orders->count(QStringLiteral("orders.refunds")), 1);
        const QVariant refundId = m_orders->scalar(
            QStringLiteral("SELECT id FROM orders.refunds WHERE order_id = ? AND status = 'REQUESTED' "
                           "AND kind = 'CANCELLATION' AND amount_cents = ? AND reason = 'damaged in transit'"),
            {paid.id, paid.subtotalCents});
        QVERIFY2(refundId.isValid(), "no REQUESTED refund of the whole order");
        const QString payload =
            m_orders->scalar(QStringLiteral("SELECT payload FROM orders.outbox WHERE event_type = 'REFUND_REQUESTED'"))
                .toString();
        const auto event = shop::RefundRequestedEvent::parse(payload.toUtf8());
        QVERIFY2(event.isOk(), qPrintable(payload));
        QCOMPARE(event->refund.refundId.toString(QUuid::WithoutBraces), refundId.toString());
        QCOMPARE(event->refund.orderNumber, paid.orderNumber);
        QCOMPARE(event->refund.amount.cents(), paid.subtotalCents);
        QCOMPARE(event->refund.items.size(), paid.items.size());
        QCOMPARE(event->refund.items.at(0).quantity, paid.items.at(0).quantity);
        QCOMPARE(event->requestedBy, QStringLiteral("test-manager"));

        // The order shows it; the stock goes back through OrderCancelled only.
        const QJsonArray refunds = getOrder(paid.orderNumber).json().value(QStringLiteral("refunds")).toArray();
        QCOMPARE(refunds.size(), 1);
        QCOMPARE(refunds.at(0).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("REQUESTED"));
        QCOMPARE(m_orders->count(QStringLiteral("orders.outbox")), 3);
    }

    void cancelFromFulfilledFailedOrCancelledIs409AndChangesNothing_data()
    {
        QTest::addColumn<QString>("status");
        QTest::newRow("FULFILLED") << "FULFILLED";
        QTest::newRow("FAILED") << "FAILED";
        QTest::newRow("CANCELLED") << "CANCELLED";
    }

    void cancelFromFulfilledFailedOrCancelledIs409AndChangesNothing()
    {
        QFETCH(QString, status);
        const FixtureOrder order = addOrder(status);
        const QJsonObject before = getOrder(order.orderNumber).json();
        const int history = historyRows();

        const HttpReply reply = cancel(order.orderNumber, reason(QStringLiteral("too late")));
        QCOMPARE(reply.status, 409);
        verifyNoInternals(reply);
        QVERIFY2(reply.json().value(QStringLiteral("detail")).toString().contains(status), reply.body.constData());
        QCOMPARE(getOrder(order.orderNumber).json(), before);
        QCOMPARE(historyRows(), history);
        QCOMPARE(outboxRows(), 0);
        QVERIFY(m_api->metrics().scrape().contains("orders_cancelled_total 0"));
    }

    void cancelNeedsAReasonOf1To500Characters_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("missing") << QByteArray("{}");
        QTest::newRow("null") << QByteArray(R"({"reason":null})");
        QTest::newRow("empty") << QByteArray(R"({"reason":""})");
        QTest::newRow("blank") << QByteArray(R"({"reason":" \t\n "})");
        QTest::newRow("501") << QByteArray(R"({"reason":")" + QByteArray(501, 'r') + R"("})");
        QTest::newRow("number") << QByteArray(R"({"reason":42})");
        QTest::newRow("not json") << QByteArray(R"({"reason":)");
        QTest::newRow("array") << QByteArray(R"(["reason"])");
    }

    void cancelNeedsAReasonOf1To500Characters()
    {
        QFETCH(QByteArray, body);
        const FixtureOrder order = addOrder(QStringLiteral("PAID"));
        const QJsonObject before = getOrder(order.orderNumber).json();

        const HttpReply reply = m_api->send("POST", pathOf(order.orderNumber) + QStringLiteral("/cancel"), body, asManager());
        QCOMPARE(reply.status, 400);
        verifyNoInternals(reply);
        const QStringList fields = errorFields(reply);
        QCOMPARE(fields.size(), 1);
        QVERIFY2(fields.first() == u"reason" || fields.first() == u"body", qPrintable(fields.first()));
        QCOMPARE(getOrder(order.orderNumber).json(), before);
        QCOMPARE(outboxRows(), 0);
    }

    void aReasonOf500CharactersAfterTrimmingIsFine()
    {
        const FixtureOrder order = addOrder(QStringLiteral("PENDING"));
        const QString text(500, u'é');
        const HttpReply reply = cancel(order.orderNumber, reason(QString(QStringLiteral("  ") + text + u'\n')));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json().value(QStringLiteral("cancellationReason")).toString(), text);
    }

    void unknownOrdersAre404()
    {
        for (const QString &number : {QStringLiteral("ORD-20260301-999"), QStringLiteral("nope")}) {
            const HttpReply cancelled = cancel(number, reason(QStringLiteral("why")));
            QCOMPARE(cancelled.status, 404);
            verifyNoInternals(cancelled);
            QCOMPARE(fulfill(number, {}).status, 404);
        }
    }

    void concurrentCancelsCancelOnce()
    {
        const FixtureOrder order = addOrder(QStringLiteral("PAID"));
        const RawRequest request{"POST", pathOf(order.orderNumber) + QStringLiteral("/cancel"),
                                 R"({"reason":"duplicate click"})", asManager()};
        const QList<HttpReply> replies = sendInParallel(m_api->port(), QList<RawRequest>(8, request));
        QList<int> statuses;
        for (const HttpReply &reply : replies)
            statuses.append(reply.status);
        QCOMPARE(statuses.count(200), 1);
        QCOMPARE(statuses.count(409), 7);
        QCOMPARE(outboxRows(), 2); // one OrderCancelled, one RefundRequested
        QCOMPARE(m_orders->count(QStringLiteral("orders.refunds")), 1);
        QCOMPARE(m_orders->scalar(QStringLiteral("SELECT count(*) FROM orders.order_status_history "
                                                 "WHERE to_status = 'CANCELLED'")).toInt(), 1);
    }

    void fulfillStoresTheShippingDetails()
    {
        const FixtureOrder order = addOrder(QStringLiteral("PAID"));
        m_api->clock().advance(45);
        const HttpReply reply = fulfill(order.orderNumber, {{QStringLiteral("trackingNumber"), QStringLiteral(" 1Z999AA10123456784 ")},
                                                            {QStringLiteral("carrier"), QStringLiteral("UPS")},
                                                            {QStringLiteral("notes"), QStringLiteral("Left at the door")}});
        QCOMPARE(reply.status, 200);
        const QJsonObject fulfilled = reply.json();
        QCOMPARE(fulfilled.value(QStringLiteral("status")).toString(), QStringLiteral("FULFILLED"));
        QCOMPARE(fulfilled.value(QStringLiteral("paymentStatus")).toString(), QStringLiteral("SUCCESS"));
        QCOMPARE(fulfilled.value(QStringLiteral("trackingNumber")).toString(), QStringLiteral("1Z999AA10123456784"));
        QCOMPARE(fulfilled.value(QStringLiteral("carrier")).toString(), QStringLiteral("UPS"));
        QCOMPARE(fulfilled.value(QStringLiteral("fulfillmentNotes")).toString(), QStringLiteral("Left at the door"));
        QCOMPARE(fulfilled.value(QStringLiteral("fulfilledAt")).toString(), iso(now()));
        QCOMPARE(fulfilled.value(QStringLiteral("updatedAt")).toString(), iso(now()));
        QCOMPARE(getOrder(order.orderNumber).json(), fulfilled);

        QCOMPARE(historyOf(order.id, "from_status"), QStringLiteral("PAID"));
        QCOMPARE(historyOf(order.id, "to_status"), QStringLiteral("FULFILLED"));
        QCOMPARE(historyOf(order.id, "changed_by"), QStringLiteral("test-manager"));
        QCOMPARE(outboxRows(), 0);
        QVERIFY(m_api->metrics().scrape().contains("orders_fulfilled_total 1"));

        // Once fulfilled, an order can be neither fulfilled again nor cancelled.
        QCOMPARE(fulfill(order.orderNumber, {}).status, 409);
        QCOMPARE(cancel(order.orderNumber, reason(QStringLiteral("late"))).status, 409);
    }

    void fulfillNeedsNoBody()
    {
        const FixtureOrder order = addOrder(QStringLiteral("PAID"));
        const HttpReply reply = m_api->send("POST", pathOf(order.orderNumber) + QStringLiteral("/fulfill"), {}, asManager());
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json().value(QStringLiteral("status")).toString(), QStringLiteral("FULFILLED"));
        for (const char *field : {"trackingNumber", "carrier", "fulfillmentNotes"})
            QVERIFY2(reply.json().value(QLatin1String(field)).isNull(), field);
    }

    void fulfillOnlyFromPaid_data()
    {
        QTest::addColumn<QString>("status");
        for (const char *status : {"PENDING", "PROCESSING", "FULFILLED", "FAILED", "CANCELLED"})
            QTest::newRow(status) << QString::fromLatin1(status);
    }

    void fulfillOnlyFromPaid()
    {
        QFETCH(QString, status);
        const FixtureOrder order = addOrder(status);
        const QJsonObject before = getOrder(order.orderNumber).json();
        const int history = historyRows();
        const HttpReply reply = fulfill(order.orderNumber, {{QStringLiteral("carrier"), QStringLiteral("UPS")}});
        QCOMPARE(reply.status, 409);
        verifyNoInternals(reply);
        QVERIFY2(reply.json().value(QStringLiteral("detail")).toString().contains(status), reply.body.constData());
        QCOMPARE(getOrder(order.orderNumber).json(), before);
        QCOMPARE(historyRows(), history);
    }

    void fulfillFieldsHaveLimits_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("tracking 101") << "trackingNumber" << QJsonValue(QString(101, u'1'));
        QTest::newRow("carrier 101") << "carrier" << QJsonValue(QString(101, u'c'));
        QTest::newRow("notes 1001") << "notes" << QJsonValue(QString(1001, u'n'));
        QTest::newRow("tracking number") << "trackingNumber" << QJsonValue(12345);
        QTest::newRow("notes object") << "notes" << QJsonValue(QJsonObject());
    }

    void fulfillFieldsHaveLimits()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        const FixtureOrder order = addOrder(QStringLiteral("PAID"));
        const HttpReply reply = fulfill(order.orderNumber, {{field, value}});
        QCOMPARE(reply.status, 400);
        QCOMPARE(errorFields(reply), QStringList{field});
        QCOMPARE(getOrder(order.orderNumber).json().value(QStringLiteral("status")).toString(), QStringLiteral("PAID"));

        // At the limit it is fine.
        const HttpReply atLimit = fulfill(order.orderNumber, {{QStringLiteral("trackingNumber"), QString(100, u'1')},
                                                              {QStringLiteral("carrier"), QString(100, u'c')},
                                                              {QStringLiteral("notes"), QString(1000, u'n')}});
        QCOMPARE(atLimit.status, 200);
    }

    void managerOperationsNeedAManagerToken_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("status");
        for (const char *operation : {"cancel", "fulfill"}) {
            QTest::addRow("%s without token", operation) << operation << "none" << 401;
            QTest::addRow("%s other secret", operation) << operation << "other-secret" << 401;
            QTest::addRow("%s expired", operation) << operation << "expired" << 401;
            QTest::addRow("%s customer", operation) << operation << "customer" << 403;
            QTest::addRow("%s cashier", operation) << operation << "cashier" << 403;
        }
    }

    void managerOperationsNeedAManagerToken()
    {
        QFETCH(QString, operation);
        QFETCH(QString, token);
        QFETCH(int, status);
        const FixtureOrder order = addOrder(QStringLiteral("PAID"));
        const QJsonObject before = getOrder(order.orderNumber).json();
        // Not empty, or the helpers would send a manager's token.
        QList<QPair<QByteArray, QByteArray>> headers{{"X-Test", "no token"}};
        if (token == u"other-secret")
            headers = {{"Authorization", bearerSignedWithOtherSecret(now())}};
        else if (token == u"customer")
            headers = {{"Authorization", m_api->bearer(QStringLiteral("CUSTOMER"))}};
        else if (token == u"cashier")
            headers = {{"Authorization", m_api->bearer(QStringLiteral("CASHIER"))}};
        else if (token == u"expired") {
            headers = asManager();
            m_api->clock().advance(16 * 60);
        }
        const HttpReply reply = operation == u"cancel" ? cancel(order.orderNumber, reason(QStringLiteral("x")), headers)
                                                       : fulfill(order.orderNumber, {}, headers);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/problem+json"));
        QCOMPARE(getOrder(order.orderNumber).json(), before);
        QCOMPARE(outboxRows(), 0);
    }
};

QTEST_GUILESS_MAIN(OrderManagementTest)
#include "tst_ordermanagement.moc"
