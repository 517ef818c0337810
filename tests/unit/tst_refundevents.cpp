#include "events/refundevents.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace shop;

namespace {

RefundFields sampleRefund()
{
    return {QUuid::createUuid(), QUuid::createUuid(), QStringLiteral("ORD-20261123-001"), Money::fromCents(2550),
            QStringLiteral("CANCELLATION"),
            {{QUuid::createUuid(), QStringLiteral("COF-1"), 2}, {QUuid::createUuid(), QStringLiteral("TEA-1"), 1}}};
}

RefundRequestedEvent sampleRequest()
{
    RefundRequestedEvent event;
    event.eventId = QUuid::createUuid();
    event.timestamp = QDateTime(QDate(2026, 11, 23), QTime(12, 34, 56, 789), Qt::UTC);
    event.correlationId = QStringLiteral("corr-1");
    event.refund = sampleRefund();
    event.reason = QStringLiteral("Customer changed their mind");
    event.requestedBy = QStringLiteral("manager");
    return event;
}

QByteArray bytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

template<typename Event>
QStringList fieldsOf(const Result<Event> &parsed)
{
    QStringList fields;
    if (parsed)
        return fields;
    for (const FieldError &error : parsed.error().fields)
        fields << error.field;
    return fields;
}

} // namespace

// The refund events as the daemon writes and reads them: every field comes
// back, and a broken message names each bad field for the dead-letter topic.
class RefundEventsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refundRequestedRoundTrips()
    {
        const RefundRequestedEvent event = sampleRequest();

        const Result<RefundRequestedEvent> parsed = RefundRequestedEvent::parse(event.toJson());

        QVERIFY(parsed.isOk());
        QCOMPARE(parsed->eventId, event.eventId);
        QCOMPARE(parsed->timestamp, event.timestamp);
        QCOMPARE(parsed->correlationId, event.correlationId);
        QCOMPARE(parsed->refund.refundId, event.refund.refundId);
        QCOMPARE(parsed->refund.orderId, event.refund.orderId);
        QCOMPARE(parsed->refund.orderNumber, event.refund.orderNumber);
        QCOMPARE(parsed->refund.amount, event.refund.amount);
        QCOMPARE(parsed->refund.kind, event.refund.kind);
        QCOMPARE(parsed->refund.items.size(), 2);
        QCOMPARE(parsed->refund.items.at(1).productSku, QStringLiteral("TEA-1"));
        QCOMPARE(parsed->refund.items.at(0).quantity, 2);
        QCOMPARE(parsed->reason, event.reason);
        QCOMPARE(parsed->requestedBy, event.requestedBy);
        const QJsonObject json = QJsonDocument::fromJson(event.toJson()).object();
        QCOMPARE(json.value(QStringLiteral("eventType")).toString(), QStringLiteral("REFUND_REQUESTED"));
        QCOMPARE(json.value(QStringLiteral("eventVersion")).toString(), QStringLiteral("1.0"));
        QCOMPARE(json.value(QStringLiteral("amount")).toDouble(), 25.5);
    }

    void paymentRefundedRoundTripsBothOutcomes()
    {
        PaymentRefundedEvent succeeded;
        succeeded.eventId = QUuid::createUuid();
        succeeded.timestamp = QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
        succeeded.refund = sampleRefund();
        succeeded.isSuccess = true;
        succeeded.externalRefundId = QStringLiteral("mock_refund_1");
        succeeded.failureReason = QStringLiteral("ignored on success");
        PaymentRefundedEvent failed = succeeded;
        failed.isSuccess = false;
        failed.failureReason = QStringLiteral("refund declined");

        const Result<PaymentRefundedEvent> good = PaymentRefundedEvent::parse(succeeded.toJson());
        const Result<PaymentRefundedEvent> bad = PaymentRefundedEvent::parse(failed.toJson());

        QVERIFY(good.isOk());
        QVERIFY(good->isSuccess);
        QCOMPARE(good->externalRefundId, QStringLiteral("mock_refund_1"));
        QVERIFY(good->failureReason.isEmpty());
        QVERIFY(bad.isOk());
        QVERIFY(!bad->isSuccess);
        QVERIFY(bad->externalRefundId.isEmpty());
        QCOMPARE(bad->failureReason, QStringLiteral("refund declined"));
        const QJsonObject json = QJsonDocument::fromJson(failed.toJson()).object();
        QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
        QVERIFY(json.value(QStringLiteral("externalRefundId")).isNull());
    }

    void everyBadFieldIsNamed()
    {
        QJsonObject json = QJsonDocument::fromJson(sampleRequest().toJson()).object();
        json.remove(QStringLiteral("refundId"));
        json.insert(QStringLiteral("amount"), 0);
        json.insert(QStringLiteral("kind"), QStringLiteral("GIFT"));
        json.insert(QStringLiteral("orderNumber"), QStringLiteral("42"));
        QJsonArray items = json.value(QStringLiteral("items")).toArray();
        QJsonObject line = items.at(1).toObject();
        line.insert(QStringLiteral("quantity"), 0);
        items.replace(1, line);
        json.insert(QStringLiteral("items"), items);

        const QStringList fields = fieldsOf(RefundRequestedEvent::parse(bytes(json)));

        QCOMPARE(fields, (QStringList{QStringLiteral("refundId"), QStringLiteral("orderNumber"), QStringLiteral("amount"),
                                      QStringLiteral("kind"), QStringLiteral("items[1].quantity")}));
    }

    void aSucceededRefundNeedsTheProvidersId()
    {
        PaymentRefundedEvent event;
        event.eventId = QUuid::createUuid();
        event.timestamp = QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
        event.refund = sampleRefund();
        event.isSuccess = true;

        QCOMPARE(fieldsOf(PaymentRefundedEvent::parse(event.toJson())), QStringList{QStringLiteral("externalRefundId")});
    }

    void otherEventTypesAreRefused()
    {
        QJsonObject json = QJsonDocument::fromJson(sampleRequest().toJson()).object();
        json.insert(QStringLiteral("eventType"), QStringLiteral("PAYMENT_COMPLETED"));

        QVERIFY(fieldsOf(RefundRequestedEvent::parse(bytes(json))).contains(QStringLiteral("eventType")));
    }
};

QTEST_GUILESS_MAIN(RefundEventsTest)
#include "tst_refundevents.moc"
