#include "events/ordercreatedevent.h"
#include "events/paymentcompletedevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace shop;

namespace {

OrderCreatedEvent anOrder()
{
    OrderCreatedEvent event;
    event.eventId = QUuid::createUuid();
    event.timestamp = QDateTime(QDate(2026, 11, 23), QTime(12, 34, 56, 789), Qt::UTC);
    event.correlationId = QStringLiteral("corr-1");
    event.orderId = QUuid::createUuid();
    event.orderNumber = QStringLiteral("ORD-20261123-001");
    event.customer = {QStringLiteral("Ada Lovelace"), QStringLiteral("ada@example.com"), QStringLiteral("+441234567890"),
                      {QStringLiteral("1 Main St"), QStringLiteral("London"), QStringLiteral("LN"),
                       QStringLiteral("N1 9GU"), QStringLiteral("GB")}};
    event.items.append({QUuid::createUuid(), QStringLiteral("SKU-1"), QStringLiteral("One"), 2, Money::fromCents(1990)});
    event.cartId = QUuid::createUuid();
    return event;
}

PaymentCompletedEvent aPayment(bool isSuccess)
{
    PaymentCompletedEvent event;
    event.eventId = QUuid::createUuid();
    event.timestamp = QDateTime::currentDateTimeUtc();
    event.correlationId = QStringLiteral("corr-2");
    event.orderId = QUuid::createUuid();
    event.orderNumber = QStringLiteral("ORD-20261123-002");
    event.paymentTransactionId = QUuid::createUuid();
    event.isSuccess = isSuccess;
    event.amount = Money::fromCents(3980);
    event.paymentMethod = QStringLiteral("MOCK");
    event.externalTransactionId = QStringLiteral("mock_1");
    event.failureReason = QStringLiteral("card declined");
    return event;
}

QByteArray edited(const QByteArray &json, const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject object = QJsonDocument::fromJson(json).object();
    edit(object);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QStringList fieldsOf(const ServiceError &error)
{
    QStringList fields;
    for (const FieldError &field : error.fields)
        fields << field.field;
    return fields;
}

} // namespace

// What the daemon and the catalog consumer accept: a valid event reads back
// to the same values, and anything else is refused naming the field, so the
// dead letter says what was wrong.
class EventParsingTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void orderCreatedReadsBackWhatWasWritten()
    {
        const OrderCreatedEvent written = anOrder();
        const Result<OrderCreatedEvent> read = OrderCreatedEvent::parse(written.toJson());
        QVERIFY2(read.isOk(), qPrintable(fieldErrorsText(read.isOk() ? QList<FieldError>() : read.error().fields)));
        QCOMPARE(read->eventId, written.eventId);
        QCOMPARE(read->timestamp, written.timestamp);
        QCOMPARE(read->orderNumber, written.orderNumber);
        QCOMPARE(read->customer.shippingAddress.postalCode, QStringLiteral("N1 9GU"));
        QCOMPARE(read->items.size(), 1);
        QCOMPARE(read->items.first().priceSnapshot.cents(), 1990);
        QCOMPARE(read->subtotal().cents(), 3980);
        QVERIFY(read->paymentMethod.isEmpty());
    }

    void cashSalesAreVersionOnePointOne()
    {
        OrderCreatedEvent cash = anOrder();
        cash.paymentMethod = QStringLiteral("CASH");
        const QJsonObject json = QJsonDocument::fromJson(cash.toJson()).object();
        QCOMPARE(json.value(QStringLiteral("eventVersion")).toString(), QStringLiteral("1.1"));
        QCOMPARE(json.value(QStringLiteral("paymentMethod")).toString(), QStringLiteral("CASH"));
        QCOMPARE(OrderCreatedEvent::parse(cash.toJson())->paymentMethod, QStringLiteral("CASH"));
        QVERIFY(!QJsonDocument::fromJson(anOrder().toJson()).object().contains(QStringLiteral("paymentMethod")));

        cash.paymentMethod = QStringLiteral("BITCOIN");
        QCOMPARE(fieldsOf(OrderCreatedEvent::parse(cash.toJson()).error()), QStringList{QStringLiteral("paymentMethod")});
    }

    void badOrderCreatedNamesTheField_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("field");
        const QByteArray good = anOrder().toJson();
        QTest::newRow("not JSON") << QByteArray("not json") << QStringLiteral("payload");
        QTest::newRow("an array") << QByteArray("[]") << QStringLiteral("payload");
        QTest::newRow("missing orderNumber")
            << edited(good, [](QJsonObject &o) { o.remove(QStringLiteral("orderNumber")); }) << QStringLiteral("orderNumber");
        QTest::newRow("bad order number")
            << edited(good, [](QJsonObject &o) { o[QStringLiteral("orderNumber")] = QStringLiteral("ORD-1\n"); })
            << QStringLiteral("orderNumber");
        QTest::newRow("quantity as text") << edited(good, [](QJsonObject &o) {
            QJsonArray items = o[QStringLiteral("items")].toArray();
            QJsonObject first = items.first().toObject();
            first[QStringLiteral("quantity")] = QStringLiteral("two");
            items[0] = first;
            o[QStringLiteral("items")] = items;
        }) << QStringLiteral("items[0].quantity");
        QTest::newRow("wrong subtotal")
            << edited(good, [](QJsonObject &o) { o[QStringLiteral("subtotal")] = 1.0; }) << QStringLiteral("subtotal");
        QTest::newRow("no items")
            << edited(good, [](QJsonObject &o) { o[QStringLiteral("items")] = QJsonArray(); }) << QStringLiteral("items");
        QTest::newRow("bad e-mail") << edited(good, [](QJsonObject &o) {
            QJsonObject customer = o[QStringLiteral("customer")].toObject();
            customer[QStringLiteral("email")] = QStringLiteral("nobody");
            o[QStringLiteral("customer")] = customer;
        }) << QStringLiteral("customer.email");
        QTest::newRow("another event type")
            << edited(good, [](QJsonObject &o) { o[QStringLiteral("eventType")] = QStringLiteral("PAYMENT_COMPLETED"); })
            << QStringLiteral("eventType");
        QTest::newRow("version 2")
            << edited(good, [](QJsonObject &o) { o[QStringLiteral("eventVersion")] = QStringLiteral("2.0"); })
            << QStringLiteral("eventVersion");
        QTest::newRow("timestamp without a date")
            << edited(good, [](QJsonObject &o) { o[QStringLiteral("timestamp")] = QStringLiteral("noon"); })
            << QStringLiteral("timestamp");
    }

    void badOrderCreatedNamesTheField()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, field);
        const Result<OrderCreatedEvent> read = OrderCreatedEvent::parse(payload);
        QVERIFY(!read.isOk());
        QVERIFY2(fieldsOf(read.error()).contains(field), qPrintable(fieldErrorsText(read.error().fields)));
    }

    void paymentCompletedReadsBackWhatWasWritten()
    {
        for (const bool isSuccess : {true, false}) {
            const PaymentCompletedEvent written = aPayment(isSuccess);
            const QJsonObject json = QJsonDocument::fromJson(written.toJson()).object();
            QCOMPARE(json.value(QStringLiteral("status")).toString(),
                     isSuccess ? QStringLiteral("SUCCESS") : QStringLiteral("FAILED"));
            // Only the field that belongs to the outcome is set; the other is null.
            QCOMPARE(json.value(QStringLiteral("externalTransactionId")).isNull(), !isSuccess);
            QCOMPARE(json.value(QStringLiteral("failureReason")).isNull(), isSuccess);
            const Result<PaymentCompletedEvent> read = PaymentCompletedEvent::parse(written.toJson());
            QVERIFY(read.isOk());
            QCOMPARE(read->isSuccess, isSuccess);
            QCOMPARE(read->amount.cents(), 3980);
            QCOMPARE(read->paymentTransactionId, written.paymentTransactionId);
        }
    }

    void badPaymentCompletedNamesTheField()
    {
        const QByteArray good = aPayment(true).toJson();
        const auto fieldsFor = [](const QByteArray &payload) { return fieldsOf(PaymentCompletedEvent::parse(payload).error()); };
        QVERIFY(fieldsFor(edited(good, [](QJsonObject &o) { o[QStringLiteral("status")] = QStringLiteral("MAYBE"); }))
                    .contains(QStringLiteral("status")));
        QVERIFY(fieldsFor(edited(good, [](QJsonObject &o) { o.remove(QStringLiteral("externalTransactionId")); }))
                    .contains(QStringLiteral("externalTransactionId")));
        QVERIFY(fieldsFor(edited(good, [](QJsonObject &o) { o[QStringLiteral("amount")] = QStringLiteral("twelve"); }))
                    .contains(QStringLiteral("amount")));
        QVERIFY(fieldsFor(edited(good, [](QJsonObject &o) { o.remove(QStringLiteral("correlationId")); }))
                    .contains(QStringLiteral("correlationId")));
    }
};

QTEST_GUILESS_MAIN(EventParsingTest)
#include "tst_eventparsing.moc"
