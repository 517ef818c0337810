#include "cart/carttypes.h"
#include "checkout/checkoutservice.h"
#include "checkout/checkoutrequest.h"
#include "events/ordercreatedevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace shop;

namespace {

CustomerInfo validCustomer()
{
    return {QStringLiteral("Ada Lovelace"), QStringLiteral("ada@example.com"), QStringLiteral("+441234567890"),
            {QStringLiteral("1 Main St"), QStringLiteral("London"), QStringLiteral("LN"), QStringLiteral("N1 9GU"),
             QStringLiteral("GB")}};
}

QStringList names(std::initializer_list<const char *> list)
{
    QStringList result;
    for (const char *name : list)
        result.append(QString::fromLatin1(name));
    return result;
}

QStringList fieldsOf(const QList<FieldError> &errors)
{
    QStringList fields;
    for (const FieldError &error : errors)
        fields.append(error.field);
    return fields;
}

} // namespace

// The contract's CustomerInfo, sessionId, quantity and Idempotency-Key
// rules, and the pure money arithmetic of carts and the OrderCreated event.
class CheckoutValidationTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validCustomerHasNoErrors()
    {
        QVERIFY(validateCustomerInfo(validCustomer()).isEmpty());
    }

    void eachBrokenFieldIsNamedByItsPath_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("isValid");

        const QString s200 = QString(200, u'a');
        QTest::newRow("name empty") << "name" << "" << false;
        QTest::newRow("name blank") << "name" << "   " << false;
        QTest::newRow("name 1") << "name" << "A" << true;
        QTest::newRow("name 200") << "name" << s200 << true;
        QTest::newRow("name 201") << "name" << QString(201, u'a') << false;
        // 200 characters outside the BMP are 400 UTF-16 units, still 200 characters.
        QTest::newRow("name 200 emoji") << "name" << QString::fromUcs4(std::u32string(200, U'\U0001F600').c_str()) << true;
        QTest::newRow("email empty") << "email" << "" << false;
        QTest::newRow("email no at") << "email" << "ada.example.com" << false;
        QTest::newRow("email no domain dot") << "email" << "ada@example" << false;
        QTest::newRow("email two ats") << "email" << "a@b@example.com" << false;
        QTest::newRow("email space") << "email" << "ada @example.com" << false;
        QTest::newRow("email plus") << "email" << "ada+shop@mail.example.co.uk" << true;
        QTest::newRow("email 100") << "email" << QString(QString(64, u'a') + u'@' + QString(31, u'd') + QStringLiteral(".com")) << true;
        QTest::newRow("email 101") << "email" << QString(QString(64, u'a') + u'@' + QString(32, u'd') + QStringLiteral(".com")) << false;
        QTest::newRow("email local part 65") << "email" << QString(QString(65, u'a') + QStringLiteral("@example.com")) << false;
        QTest::newRow("phone 10 digits") << "phone" << "0123456789" << true;
        QTest::newRow("phone plus 20 digits") << "phone" << "+12345678901234567890" << true;
        QTest::newRow("phone 9 digits") << "phone" << "123456789" << false;
        QTest::newRow("phone 21 digits") << "phone" << "123456789012345678901" << false;
        QTest::newRow("phone dashes") << "phone" << "012-345-6789" << false;
        QTest::newRow("phone two plus") << "phone" << "++0123456789" << false;
        QTest::newRow("street empty") << "shippingAddress.street" << "" << false;
        QTest::newRow("street 201") << "shippingAddress.street" << QString(201, u's') << false;
        QTest::newRow("city 100") << "shippingAddress.city" << QString(100, u'c') << true;
        QTest::newRow("city 101") << "shippingAddress.city" << QString(101, u'c') << false;
        QTest::newRow("state 1") << "shippingAddress.state" << "C" << false;
        QTest::newRow("state 2") << "shippingAddress.state" << "CA" << true;
        QTest::newRow("postalCode 20") << "shippingAddress.postalCode" << QString(20, u'9') << true;
        QTest::newRow("postalCode 21") << "shippingAddress.postalCode" << QString(21, u'9') << false;
        QTest::newRow("country 1") << "shippingAddress.country" << "G" << false;
        QTest::newRow("country 101") << "shippingAddress.country" << QString(101, u'g') << false;
    }

    void eachBrokenFieldIsNamedByItsPath()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(bool, isValid);

        CustomerInfo info = validCustomer();
        ShippingAddress &address = info.shippingAddress;
        QHash<QString, QString *> targets{
            {QStringLiteral("name"), &info.name},
            {QStringLiteral("email"), &info.email},
            {QStringLiteral("phone"), &info.phone},
            {QStringLiteral("shippingAddress.street"), &address.street},
            {QStringLiteral("shippingAddress.city"), &address.city},
            {QStringLiteral("shippingAddress.state"), &address.state},
            {QStringLiteral("shippingAddress.postalCode"), &address.postalCode},
            {QStringLiteral("shippingAddress.country"), &address.country},
        };
        *targets.value(field) = value;

        const QList<FieldError> errors = validateCustomerInfo(info);
        if (isValid) {
            QVERIFY2(errors.isEmpty(), qPrintable(fieldsOf(errors).join(u',')));
        } else {
            QCOMPARE(fieldsOf(errors), QStringList{QStringLiteral("customerInfo.") + field});
            QVERIFY(!errors.first().message.isEmpty());
        }
    }

    void everyMissingFieldIsReportedAtOnce()
    {
        const QList<FieldError> errors = validateCheckoutRequest(CheckoutRequest{});
        QCOMPARE(fieldsOf(errors),
                 names({"sessionId", "customerInfo.name", "customerInfo.email", "customerInfo.phone",
                              "customerInfo.shippingAddress.street", "customerInfo.shippingAddress.city",
                              "customerInfo.shippingAddress.state", "customerInfo.shippingAddress.postalCode",
                              "customerInfo.shippingAddress.country"}));
    }

    void sessionIdIsOneToHundredCharacters()
    {
        QCOMPARE(validateSessionId(QString()).size(), 1);
        QVERIFY(validateSessionId(QStringLiteral("s")).isEmpty());
        QVERIFY(validateSessionId(QString(100, u'x')).isEmpty());
        QCOMPARE(validateSessionId(QString(101, u'x')).first().field, QStringLiteral("sessionId"));
    }

    void quantityIsAPositiveInt()
    {
        QCOMPARE(validateQuantity(0).size(), 1);
        QCOMPARE(validateQuantity(-3).size(), 1);
        QVERIFY(validateQuantity(1).isEmpty());
        QVERIFY(validateQuantity(2147483647).isEmpty());
        QCOMPARE(validateQuantity(2147483648LL).first().field, QStringLiteral("quantity"));
    }

    void idempotencyKeyIsRequiredPrintableAndAtMost255()
    {
        QCOMPARE(validateIdempotencyKey(QString()).first().field, QStringLiteral("Idempotency-Key"));
        QVERIFY(validateIdempotencyKey(QStringLiteral("3f1c-key")).isEmpty());
        QVERIFY(validateIdempotencyKey(QString(255, u'k')).isEmpty());
        QCOMPARE(validateIdempotencyKey(QString(256, u'k')).size(), 1);
        QCOMPARE(validateIdempotencyKey(QStringLiteral("tab\there")).size(), 1);
    }

    void fingerprintIgnoresNothingThatMatters()
    {
        const CheckoutRequest request{QStringLiteral("session-1"), validCustomer(), {}};
        const QString fingerprint = CheckoutService::fingerprint(request);
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(fingerprint).hasMatch());
        QCOMPARE(CheckoutService::fingerprint(request), fingerprint);

        CheckoutRequest otherSession = request;
        otherSession.sessionId = QStringLiteral("session-2");
        QVERIFY(CheckoutService::fingerprint(otherSession) != fingerprint);
        CheckoutRequest otherCity = request;
        otherCity.customerInfo.shippingAddress.city = QStringLiteral("Paris");
        QVERIFY(CheckoutService::fingerprint(otherCity) != fingerprint);
        CheckoutRequest paidInCash = request;
        paidInCash.paymentMethod = kPaymentMethodCash;
        QVERIFY(CheckoutService::fingerprint(paidInCash) != fingerprint);
    }

    void subtotalsAreExactCents()
    {
        // 0.1 + 0.2 style sums must not drift: 3 x 19.99 + 7 x 0.10 = 60.67.
        Cart cart;
        cart.items.append({{}, {}, QStringLiteral("A"), QStringLiteral("a"), 3, Money::fromCents(1999)});
        cart.items.append({{}, {}, QStringLiteral("B"), QStringLiteral("b"), 7, Money::fromCents(10)});
        QCOMPARE(cart.items[0].subtotal().cents(), 5997);
        QCOMPARE(cart.subtotal().cents(), 6067);
        QCOMPARE(Cart{}.subtotal().cents(), 0);
    }

    void orderCreatedEventHasTheContractShape()
    {
        OrderCreatedEvent event;
        event.eventId = QUuid::createUuid();
        event.timestamp = QDateTime(QDate(2026, 11, 23), QTime(12, 34, 56, 789), Qt::UTC);
        event.correlationId = QStringLiteral("corr-1");
        event.orderId = QUuid::createUuid();
        event.orderNumber = QStringLiteral("ORD-20261123-001");
        event.customer = validCustomer();
        event.items.append({QUuid::createUuid(), QStringLiteral("SKU-1"), QStringLiteral("One"), 2, Money::fromCents(1990)});
        event.items.append({QUuid::createUuid(), QStringLiteral("SKU-2"), QStringLiteral("Two"), 1, Money::fromCents(5)});
        event.cartId = QUuid::createUuid();

        const QJsonObject json = QJsonDocument::fromJson(event.toJson()).object();
        QCOMPARE(json.value(QStringLiteral("eventType")).toString(), QStringLiteral("ORDER_CREATED"));
        QCOMPARE(json.value(QStringLiteral("eventVersion")).toString(), QStringLiteral("1.0"));
        QCOMPARE(json.value(QStringLiteral("timestamp")).toString(), QStringLiteral("2026-11-23T12:34:56.789Z"));
        QCOMPARE(json.value(QStringLiteral("eventId")).toString(), event.eventId.toString(QUuid::WithoutBraces));
        QCOMPARE(json.value(QStringLiteral("orderId")).toString(), event.orderId.toString(QUuid::WithoutBraces));
        QCOMPARE(json.value(QStringLiteral("cartId")).toString(), event.cartId.toString(QUuid::WithoutBraces));
        QCOMPARE(json.value(QStringLiteral("correlationId")).toString(), QStringLiteral("corr-1"));
        QCOMPARE(json.value(QStringLiteral("subtotal")).toDouble(), 39.85);
        const QJsonObject customer = json.value(QStringLiteral("customer")).toObject();
        QCOMPARE(customer.value(QStringLiteral("phone")).toString(), QStringLiteral("+441234567890"));
        QCOMPARE(customer.value(QStringLiteral("shippingAddress")).toObject().value(QStringLiteral("postalCode")).toString(),
                 QStringLiteral("N1 9GU"));
        const QJsonObject first = json.value(QStringLiteral("items")).toArray().first().toObject();
        QCOMPARE(first.keys(), names({"priceSnapshot", "productId", "productName", "productSku", "quantity", "subtotal"}));
        QCOMPARE(first.value(QStringLiteral("subtotal")).toDouble(), 39.8);
        // Money is written in its shortest exact decimal form.
        QVERIFY2(event.toJson().contains("\"priceSnapshot\":19.9"), event.toJson().constData());
    }
};

QTEST_GUILESS_MAIN(CheckoutValidationTest)
#include "tst_checkoutvalidation.moc"
