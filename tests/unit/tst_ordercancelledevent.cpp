#include "events/ordercancelledevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace shop;

namespace {

OrderCancelledEvent sampleEvent()
{
    OrderCancelledEvent event;
    event.eventId = QUuid::createUuid();
    event.timestamp = QDateTime(QDate(2026, 11, 23), QTime(12, 34, 56, 789), Qt::UTC);
    event.correlationId = QStringLiteral("corr-1");
    event.orderId = QUuid::createUuid();
    event.orderNumber = QStringLiteral("ORD-20261123-001");
    event.previousStatus = OrderStatus::Paid;
    event.reason = QStringLiteral("Customer changed their mind");
    event.cancelledBy = QStringLiteral("manager");
    event.items = {{QUuid::createUuid(), QStringLiteral("COF-1"), 2}, {QUuid::createUuid(), QStringLiteral("TEA-1"), 1}};
    return event;
}

QJsonObject sampleJson()
{
    return QJsonDocument::fromJson(sampleEvent().toJson()).object();
}

QByteArray bytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QStringList fieldsOf(const Result<OrderCancelledEvent> &parsed)
{
    QStringList fields;
    if (parsed)
        return fields;
    for (const FieldError &error : parsed.error().fields)
        fields.append(error.field);
    return fields;
}

// The sample with items[index].name set to value.
QJsonObject withItemField(qsizetype index, const QString &name, const QJsonValue &value)
{
    QJsonObject event = sampleJson();
    QJsonArray items = event.value(QStringLiteral("items")).toArray();
    QJsonObject item = items.at(index).toObject();
    item.insert(name, value);
    items.replace(index, item);
    event.insert(QStringLiteral("items"), items);
    return event;
}

} // namespace

// OrderCancelled as the catalog's consumer reads it: what the daemon writes
// parses back to the same event, and every malformed message is refused
// with errors naming the field, for the dead-letter topic.
class OrderCancelledEventTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void whatIsWrittenParsesBackToTheSameEvent()
    {
        const OrderCancelledEvent event = sampleEvent();
        const QByteArray json = event.toJson();
        const Result<OrderCancelledEvent> parsed = OrderCancelledEvent::parse(json);
        QVERIFY2(parsed.isOk(), qPrintable(fieldsOf(parsed).join(u',')));
        QCOMPARE(parsed->eventId, event.eventId);
        QCOMPARE(parsed->timestamp, event.timestamp);
        QCOMPARE(parsed->correlationId, event.correlationId);
        QCOMPARE(parsed->orderId, event.orderId);
        QCOMPARE(parsed->orderNumber, event.orderNumber);
        QCOMPARE(parsed->previousStatus, event.previousStatus);
        QCOMPARE(parsed->reason, event.reason);
        QCOMPARE(parsed->cancelledBy, event.cancelledBy);
        QCOMPARE(parsed->items.size(), 2);
        QCOMPARE(parsed->items.at(1).productId, event.items.at(1).productId);
        QCOMPARE(parsed->items.at(1).productSku, QStringLiteral("TEA-1"));
        QCOMPARE(parsed->items.at(0).quantity, 2);
        QCOMPARE(parsed->toJson(), json);
    }

    void theWireFormHasTheContractsFields()
    {
        const QJsonObject json = sampleJson();
        QCOMPARE(json.value(QStringLiteral("eventType")).toString(), QStringLiteral("ORDER_CANCELLED"));
        QCOMPARE(json.value(QStringLiteral("eventVersion")).toString(), QStringLiteral("1.0"));
        QCOMPARE(json.value(QStringLiteral("timestamp")).toString(), QStringLiteral("2026-11-23T12:34:56.789Z"));
        QCOMPARE(json.value(QStringLiteral("previousStatus")).toString(), QStringLiteral("PAID"));
        QStringList keys = json.keys();
        keys.sort();
        QCOMPARE(keys, (QStringList{QStringLiteral("cancelledBy"), QStringLiteral("correlationId"), QStringLiteral("eventId"),
                                    QStringLiteral("eventType"), QStringLiteral("eventVersion"), QStringLiteral("items"),
                                    QStringLiteral("orderId"), QStringLiteral("orderNumber"), QStringLiteral("previousStatus"),
                                    QStringLiteral("reason"), QStringLiteral("timestamp")}));
        QStringList itemKeys = json.value(QStringLiteral("items")).toArray().at(0).toObject().keys();
        itemKeys.sort();
        QCOMPARE(itemKeys, (QStringList{QStringLiteral("productId"), QStringLiteral("productSku"), QStringLiteral("quantity")}));
    }

    void unknownFieldsAndLaterMinorVersionsAreAccepted()
    {
        QJsonObject event = sampleJson();
        event.insert(QStringLiteral("eventVersion"), QStringLiteral("1.3"));
        event.insert(QStringLiteral("refundId"), QStringLiteral("r-1"));
        QVERIFY(OrderCancelledEvent::parse(bytes(event)).isOk());
    }

    void notJsonOrNotAnObjectNamesThePayload_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated") << sampleEvent().toJson().chopped(5);
        QTest::newRow("text") << QByteArray("ORDER_CANCELLED");
        QTest::newRow("array") << QByteArray("[]");
        QTest::newRow("number") << QByteArray("42");
    }

    void notJsonOrNotAnObjectNamesThePayload()
    {
        QFETCH(QByteArray, message);
        QCOMPARE(fieldsOf(OrderCancelledEvent::parse(message)), QStringList{QStringLiteral("payload")});
    }

    void aMissingFieldIsNamed_data()
    {
        QTest::addColumn<QString>("field");
        for (const QString &field : sampleJson().keys())
            QTest::newRow(qPrintable(field)) << field;
    }

    void aMissingFieldIsNamed()
    {
        QFETCH(QString, field);
        QJsonObject event = sampleJson();
        event.remove(field);
        const Result<OrderCancelledEvent> parsed = OrderCancelledEvent::parse(bytes(event));
        QCOMPARE(fieldsOf(parsed), QStringList{field});
        QCOMPARE(parsed.error().fields.first().message, QStringLiteral("is required"));

        event.insert(field, QJsonValue::Null);
        QCOMPARE(fieldsOf(OrderCancelledEvent::parse(bytes(event))), QStringList{field});
    }

    void aMissingItemFieldIsNamedWithItsIndex()
    {
        QJsonObject event = sampleJson();
        QJsonArray items = event.value(QStringLiteral("items")).toArray();
        QJsonObject second = items.at(1).toObject();
        second.remove(QStringLiteral("productSku"));
        items.replace(1, second);
        event.insert(QStringLiteral("items"), items);
        QCOMPARE(fieldsOf(OrderCancelledEvent::parse(bytes(event))), QStringList{QStringLiteral("items[1].productSku")});
    }

    void aWrongTypeOrValueIsNamed_data()
    {
        QTest::addColumn<QJsonObject>("event");
        QTest::addColumn<QString>("field");

        const auto with = [](const char *name, const QJsonValue &value) {
            QJsonObject event = sampleJson();
            event.insert(QLatin1String(name), value);
            return event;
        };
        QTest::newRow("eventId number") << with("eventId", 42) << "eventId";
        QTest::newRow("eventId not uuid") << with("eventId", QStringLiteral("e-1")) << "eventId";
        QTest::newRow("other eventType") << with("eventType", QStringLiteral("ORDER_CREATED")) << "eventType";
        QTest::newRow("version 2") << with("eventVersion", QStringLiteral("2.0")) << "eventVersion";
        QTest::newRow("version number") << with("eventVersion", 1.0) << "eventVersion";
        QTest::newRow("timestamp word") << with("timestamp", QStringLiteral("yesterday")) << "timestamp";
        QTest::newRow("timestamp before the epoch") << with("timestamp", -1) << "timestamp"; // epoch numbers from 0 are accepted
        QTest::newRow("correlationId object") << with("correlationId", QJsonObject()) << "correlationId";
        QTest::newRow("orderId bool") << with("orderId", true) << "orderId";
        QTest::newRow("orderNumber shape") << with("orderNumber", QStringLiteral("42")) << "orderNumber";
        QTest::newRow("previousStatus FULFILLED") << with("previousStatus", QStringLiteral("FULFILLED")) << "previousStatus";
        QTest::newRow("previousStatus lower") << with("previousStatus", QStringLiteral("paid")) << "previousStatus";
        QTest::newRow("reason blank") << with("reason", QStringLiteral(" ")) << "reason";
        QTest::newRow("cancelledBy number") << with("cancelledBy", 7) << "cancelledBy";
        QTest::newRow("items object") << with("items", QJsonObject()) << "items";
        QTest::newRow("items empty") << with("items", QJsonArray()) << "items";
        QTest::newRow("item not object") << with("items", QJsonArray{3}) << "items[0]";
        QTest::newRow("quantity text") << withItemField(0, QStringLiteral("quantity"), QStringLiteral("2")) << "items[0].quantity";
        QTest::newRow("quantity 0") << withItemField(0, QStringLiteral("quantity"), 0) << "items[0].quantity";
        QTest::newRow("quantity 1.5") << withItemField(1, QStringLiteral("quantity"), 1.5) << "items[1].quantity";
        QTest::newRow("productId word") << withItemField(1, QStringLiteral("productId"), QStringLiteral("nope")) << "items[1].productId";
    }

    void aWrongTypeOrValueIsNamed()
    {
        QFETCH(QJsonObject, event);
        QFETCH(QString, field);
        QCOMPARE(fieldsOf(OrderCancelledEvent::parse(bytes(event))), QStringList{field});
    }

    void everyProblemIsNamedAtOnce()
    {
        QJsonObject event = withItemField(0, QStringLiteral("quantity"), -1);
        event.remove(QStringLiteral("orderId"));
        event.insert(QStringLiteral("eventType"), 1);
        QStringList fields = fieldsOf(OrderCancelledEvent::parse(bytes(event)));
        fields.sort();
        QCOMPARE(fields, (QStringList{QStringLiteral("eventType"), QStringLiteral("items[0].quantity"), QStringLiteral("orderId")}));
    }
};

QTEST_GUILESS_MAIN(OrderCancelledEventTest)
#include "tst_ordercancelledevent.moc"
