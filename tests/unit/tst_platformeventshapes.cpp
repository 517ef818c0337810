#include "events/ordercancelledevent.h"
#include "events/ordercreatedevent.h"
#include "events/paymentcompletedevent.h"

#include <QtTest>

using namespace shop;

namespace {

// OrderCreated as the Spring platform's producer writes it: Spring Kafka's
// JsonSerializer with Jackson's defaults, so java.time.Instant is epoch
// seconds with a nanosecond fraction and BigDecimal a plain number with its
// scale; fields in the record's order. {TIMESTAMP}, {PRICE}, {LINE} and
// {TOTAL} are replaced per test row.
const QByteArray kPlatformOrderCreated = R"({"eventId":"5b0a4b0e-2f55-4d3e-9a53-0f1d3b0b6a11",
"eventType":"ORDER_CREATED","eventVersion":"1.0","timestamp":{TIMESTAMP},
"correlationId":"c0ffee00-1111-4222-8333-444455556666",
"orderId":"7d3b1c2a-8e4f-4a6b-9c0d-1e2f3a4b5c6d","orderNumber":"ORD-20261123-001",
"customer":{"name":"Ada Lovelace","email":"ada@example.com","phone":"+441234567890",
"shippingAddress":{"street":"1 Main St","city":"London","state":"LN","postalCode":"N1 9GU","country":"GB"}},
"items":[{"productId":"0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a","productSku":"MUG-1","productName":"Mug",
"quantity":2,"priceSnapshot":{PRICE},"subtotal":{LINE}}],
"subtotal":{TOTAL},"cartId":"a1b2c3d4-e5f6-4718-9abc-def012345678"})";

// PaymentCompleted as that platform's order service writes it (a failure:
// externalTransactionId null), plus a field this shop does not know.
const QByteArray kPlatformPaymentFailed = R"({"eventId":"9e8d7c6b-5a49-4382-b1a0-9f8e7d6c5b4a",
"eventType":"PAYMENT_COMPLETED","eventVersion":"1.0","timestamp":1795437296.789000000,
"correlationId":"c0ffee00-1111-4222-8333-444455556666",
"orderId":"7d3b1c2a-8e4f-4a6b-9c0d-1e2f3a4b5c6d","orderNumber":"ORD-20261123-001",
"paymentTransactionId":"1a2b3c4d-5e6f-4789-8abc-0d1e2f3a4b5c","status":"FAILED","amount":19.00,
"paymentMethod":"MOCK","externalTransactionId":null,"failureReason":"Insufficient funds",
"gatewayResponseCode":"51"})";

const QDateTime kPlacedAt(QDate(2026, 11, 23), QTime(12, 34, 56, 789), Qt::UTC);

QByteArray orderCreated(const QByteArray &timestamp, const QByteArray &price = "9.50",
                        const QByteArray &line = "19.00", const QByteArray &total = "19.00")
{
    return QByteArray(kPlatformOrderCreated)
        .replace("{TIMESTAMP}", timestamp)
        .replace("{PRICE}", price)
        .replace("{LINE}", line)
        .replace("{TOTAL}", total);
}

// For failure messages; QVERIFY2 builds its message even when the check holds.
template<typename T>
QString errorsOf(const Result<T> &result)
{
    return result.isOk() ? QString() : fieldErrorsText(result.error().fields);
}

} // namespace

// Every consumer reads what the platform we replace produces, so either side
// can publish to the other: timestamps as ISO-8601 strings or epoch numbers,
// money as numbers or decimal strings, unknown fields ignored.
class PlatformEventShapesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void orderCreatedTimestampsInEveryShape_data()
    {
        QTest::addColumn<QByteArray>("timestamp");
        QTest::addColumn<QDateTime>("expected");
        QTest::newRow("Jackson: epoch seconds with nanoseconds") << QByteArray("1795437296.789000000") << kPlacedAt;
        QTest::newRow("epoch seconds, whole") << QByteArray("1795437296") << kPlacedAt.addMSecs(-789);
        QTest::newRow("epoch milliseconds") << QByteArray("1795437296789") << kPlacedAt;
        QTest::newRow("ISO-8601 with milliseconds") << QByteArray(R"("2026-11-23T12:34:56.789Z")") << kPlacedAt;
        QTest::newRow("ISO-8601 with nanoseconds (Instant.toString)")
            << QByteArray(R"("2026-11-23T12:34:56.789000000Z")") << kPlacedAt;
        QTest::newRow("ISO-8601 without a fraction") << QByteArray(R"("2026-11-23T12:34:56Z")") << kPlacedAt.addMSecs(-789);
        QTest::newRow("ISO-8601 with an offset") << QByteArray(R"("2026-11-23T14:34:56.789+02:00")") << kPlacedAt;
    }

    void orderCreatedTimestampsInEveryShape()
    {
        QFETCH(QByteArray, timestamp);
        QFETCH(QDateTime, expected);
        const Result<OrderCreatedEvent> event = OrderCreatedEvent::parse(orderCreated(timestamp));
        QVERIFY2(event.isOk(), qPrintable(errorsOf(event)));
        QCOMPARE(event->timestamp, expected);
        QCOMPARE(event->timestamp.timeSpec(), Qt::UTC);
    }

    void orderCreatedMoneyAsNumbersOrStrings_data()
    {
        QTest::addColumn<QByteArray>("price");
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("total");
        QTest::newRow("numbers with their scale") << QByteArray("9.50") << QByteArray("19.00") << QByteArray("19.00");
        QTest::newRow("shortest numbers") << QByteArray("9.5") << QByteArray("19") << QByteArray("19");
        QTest::newRow("decimal strings") << QByteArray(R"("9.50")") << QByteArray(R"("19.00")") << QByteArray(R"("19.00")");
        QTest::newRow("mixed") << QByteArray(R"("9.5")") << QByteArray("19.0") << QByteArray(R"("19")");
    }

    void orderCreatedMoneyAsNumbersOrStrings()
    {
        QFETCH(QByteArray, price);
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, total);
        const Result<OrderCreatedEvent> event = OrderCreatedEvent::parse(orderCreated("1795437296.789000000", price, line, total));
        QVERIFY2(event.isOk(), qPrintable(errorsOf(event)));
        QCOMPARE(event->items.first().priceSnapshot.cents(), 950);
        QCOMPARE(event->subtotal().cents(), 1900);
    }

    // Accepting more shapes must not accept nonsense: each is refused naming the field.
    void badShapesAreStillRefused_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("field");
        QTest::newRow("negative epoch") << orderCreated("-5") << QStringLiteral("timestamp");
        QTest::newRow("epoch past the year 9999") << orderCreated("1e300") << QStringLiteral("timestamp");
        QTest::newRow("timestamp as true") << orderCreated("true") << QStringLiteral("timestamp");
        QTest::newRow("timestamp without a zone") << orderCreated(R"("2026-11-23T12:34:56.789")") << QStringLiteral("timestamp");
        QTest::newRow("price string with three decimals")
            << orderCreated("0", R"("9.505")") << QStringLiteral("items[0].priceSnapshot");
        QTest::newRow("price string in words") << orderCreated("0", R"("nine")") << QStringLiteral("items[0].priceSnapshot");
        QTest::newRow("total as an object") << orderCreated("0", "9.50", "19.00", "{}") << QStringLiteral("subtotal");
    }

    void badShapesAreStillRefused()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, field);
        const Result<OrderCreatedEvent> event = OrderCreatedEvent::parse(payload);
        QVERIFY(!event.isOk());
        QStringList fields;
        for (const FieldError &error : event.error().fields)
            fields << error.field;
        QCOMPARE(fields, QStringList{field});
    }

    void paymentCompletedFromThePlatform()
    {
        const Result<PaymentCompletedEvent> event = PaymentCompletedEvent::parse(kPlatformPaymentFailed);
        QVERIFY2(event.isOk(), qPrintable(errorsOf(event)));
        QCOMPARE(event->timestamp, kPlacedAt);
        QVERIFY(!event->isSuccess);
        QCOMPARE(event->amount.cents(), 1900);
        QCOMPARE(event->failureReason, QStringLiteral("Insufficient funds"));
        QVERIFY(event->externalTransactionId.isEmpty());

        const QByteArray asStrings = QByteArray(kPlatformPaymentFailed)
                                         .replace("1795437296.789000000", "1795437296789")
                                         .replace("19.00", "\"19.00\"");
        const Result<PaymentCompletedEvent> again = PaymentCompletedEvent::parse(asStrings);
        QVERIFY2(again.isOk(), qPrintable(errorsOf(again)));
        QCOMPARE(again->timestamp, kPlacedAt);
        QCOMPARE(again->amount.cents(), 1900);
    }

    // Not one of the platform's events, but consumed all the same: the same
    // timestamp shapes hold for it.
    void orderCancelledWithAnEpochTimestamp()
    {
        OrderCancelledEvent written;
        written.eventId = QUuid::createUuid();
        written.timestamp = kPlacedAt;
        written.correlationId = QStringLiteral("corr");
        written.orderId = QUuid::createUuid();
        written.orderNumber = QStringLiteral("ORD-20261123-001");
        written.previousStatus = OrderStatus::Paid;
        written.reason = QStringLiteral("changed their mind");
        written.cancelledBy = QStringLiteral("manager");
        written.items.append({QUuid::createUuid(), QStringLiteral("MUG-1"), 2});
        const QByteArray epoch = written.toJson().replace("\"2026-11-23T12:34:56.789Z\"", "1795437296.789");
        QVERIFY(epoch.contains("1795437296.789"));
        const Result<OrderCancelledEvent> read = OrderCancelledEvent::parse(epoch);
        QVERIFY2(read.isOk(), qPrintable(errorsOf(read)));
        QCOMPARE(read->timestamp, kPlacedAt);
    }
};

QTEST_GUILESS_MAIN(PlatformEventShapesTest)
#include "tst_platformeventshapes.moc"
