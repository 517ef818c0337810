#include "forgedtokens.h"
#include "orderapitestbase.h"

#include <QtTest>

using namespace testsupport;

namespace {

QDateTime utc(int day, int hour, int minute = 0, int second = 0, int ms = 0)
{
    return QDateTime(QDate(2026, 3, day), QTime(hour, minute, second, ms), Qt::UTC);
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

// The order API's reads: the public lookup by order number with the
// contract's exact shape, and the manager's filtered, paged list.
class OrderApiTest : public OrderApiTestBase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        const QString error = start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() { stop(); }

    void lookupWithTheOrdersEmailAnswersTheWholeOrderInTheContractsShape()
    {
        const FixtureOrder paid = addOrder(QStringLiteral("PAID"));
        const HttpReply reply = lookUp(paid.orderNumber, QStringLiteral("?email=ada@example.com"));
        QCOMPARE(reply.status, 200);
        QVERIFY2(reply.body.contains("\"subtotal\":45.48"), reply.body.constData());
        QVERIFY2(reply.body.contains("\"priceSnapshot\":19.99"), reply.body.constData());

        const QJsonObject order = reply.json();
        const QJsonArray items = order.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 2);
        QJsonArray expectedItems;
        for (qsizetype i = 0; i < items.size(); ++i) {
            const FixtureItem &item = paid.items.at(i);
            const QString id = items.at(i).toObject().value(QStringLiteral("id")).toString();
            QVERIFY2(!QUuid::fromString(id).isNull() && id.size() == 36, qPrintable(id));
            expectedItems.append(QJsonObject{{QStringLiteral("id"), id},
                                             {QStringLiteral("productId"), item.productId},
                                             {QStringLiteral("productSku"), item.sku},
                                             {QStringLiteral("productName"), item.name},
                                             {QStringLiteral("quantity"), item.quantity},
                                             {QStringLiteral("priceSnapshot"), item.priceCents / 100.0},
                                             {QStringLiteral("subtotal"), item.priceCents * item.quantity / 100.0}});
        }
        const QString createdAt = iso(now().addSecs(-3600));
        const QJsonObject expected{
            {QStringLiteral("id"), paid.id},
            {QStringLiteral("orderNumber"), paid.orderNumber},
            {QStringLiteral("customerInfo"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("Ada Lovelace")},
                         {QStringLiteral("email"), QStringLiteral("ada@example.com")},
                         {QStringLiteral("phone"), QStringLiteral("+441234567890")},
                         {QStringLiteral("shippingAddress"),
                          QJsonObject{{QStringLiteral("street"), QStringLiteral("1 Main St")},
                                      {QStringLiteral("city"), QStringLiteral("London")},
                                      {QStringLiteral("state"), QStringLiteral("LN")},
                                      {QStringLiteral("postalCode"), QStringLiteral("N1 9GU")},
                                      {QStringLiteral("country"), QStringLiteral("GB")}}}}},
            {QStringLiteral("items"), expectedItems},
            {QStringLiteral("subtotal"), 45.48},
            {QStringLiteral("status"), QStringLiteral("PAID")},
            {QStringLiteral("paymentStatus"), QStringLiteral("SUCCESS")},
            {QStringLiteral("paymentMethod"), QStringLiteral("MOCK")},
            {QStringLiteral("createdAt"), createdAt},
            {QStringLiteral("updatedAt"), createdAt},
            {QStringLiteral("completedAt"), createdAt},
            {QStringLiteral("trackingNumber"), QJsonValue::Null},
            {QStringLiteral("carrier"), QJsonValue::Null},
            {QStringLiteral("fulfillmentNotes"), QJsonValue::Null},
            {QStringLiteral("fulfilledAt"), QJsonValue::Null},
            {QStringLiteral("cancellationReason"), QJsonValue::Null},
            {QStringLiteral("cancelledAt"), QJsonValue::Null},
        };
        QCOMPARE(order, expected);
    }

    // As the Spring platform's OrderDto: present and null, never left out.
    void unsetOptionalFieldsAreNull()
    {
        const HttpReply pending = getOrder(addOrder(QStringLiteral("PENDING")).orderNumber);
        QCOMPARE(pending.status, 200);
        QCOMPARE(pending.json().value(QStringLiteral("paymentStatus")).toString(), QStringLiteral("PENDING"));
        for (const char *field : {"completedAt", "trackingNumber", "carrier", "fulfillmentNotes", "fulfilledAt",
                                  "cancellationReason", "cancelledAt"})
            QVERIFY2(pending.json().value(QLatin1String(field)).isNull(), field);
    }

    void unknownOrMalformedNumbersAre404()
    {
        addOrder(QStringLiteral("PAID"));
        for (const QString &number : {QStringLiteral("ORD-20260301-999"), QStringLiteral("ord-20260301-001"),
                                      QStringLiteral("nope"), QStringLiteral("ORD-20260301-001%20")}) {
            const HttpReply reply = lookUp(number);
            QCOMPARE(reply.status, 404);
            verifyNoInternals(reply);
        }
    }

    void withoutTheEmailAnyoneGetsTheSummaryWithTheEmailMasked()
    {
        const FixtureOrder paid = addOrder(QStringLiteral("PAID"));
        const HttpReply reply = lookUp(paid.orderNumber);
        QCOMPARE(reply.status, 200);
        const QJsonObject whole = getOrder(paid.orderNumber).json();
        QJsonObject expected;
        for (const char *field : {"orderNumber", "items", "subtotal", "status", "paymentStatus", "createdAt",
                                  "updatedAt", "completedAt", "fulfilledAt", "cancelledAt"})
            expected.insert(QLatin1String(field), whole.value(QLatin1String(field)));
        expected.insert(QStringLiteral("customerInfo"),
                        QJsonObject{{QStringLiteral("email"), QStringLiteral("a***@example.com")}});
        QCOMPARE(reply.json(), expected);
        for (const char *personal : {"Ada", "ada@", "+44", "Main St", "N1 9GU", "MOCK"})
            QVERIFY2(!reply.body.contains(personal), personal);
    }

    void theEmailMayComeInTheQueryOrAHeaderInAnyLetterCase()
    {
        const FixtureOrder paid = addOrder(QStringLiteral("PAID"));
        const QJsonObject whole = getOrder(paid.orderNumber).json();
        QCOMPARE(lookUp(paid.orderNumber, QStringLiteral("?email=Ada%40Example.COM")).json(), whole);
        QCOMPARE(lookUp(paid.orderNumber, {}, {{"X-Order-Email", "ADA@example.com"}}).json(), whole);
    }

    void aWrongEmailRevealsNoMoreThanNone()
    {
        const FixtureOrder paid = addOrder(QStringLiteral("PAID"));
        const HttpReply none = lookUp(paid.orderNumber);
        QCOMPARE(none.status, 200);
        for (const QString &wrong : {QStringLiteral("bob@example.com"), QStringLiteral("ada@example.co"),
                                     QStringLiteral("ada@example.comm"), QStringLiteral("a"), QStringLiteral("")}) {
            const HttpReply inQuery = lookUp(paid.orderNumber, QStringLiteral("?email=") + wrong);
            QCOMPARE(inQuery.status, 200);
            QCOMPARE(inQuery.body, none.body);
            const HttpReply inHeader = lookUp(paid.orderNumber, {}, {{"X-Order-Email", wrong.toUtf8()}});
            QCOMPARE(inHeader.body, none.body);
        }
    }

    void aManagerGetsTheWholeOrderWithoutTheEmail()
    {
        const FixtureOrder paid = addOrder(QStringLiteral("PAID"));
        const HttpReply reply = getOrder(paid.orderNumber);
        QCOMPARE(reply.status, 200);
        const QJsonObject customer = reply.json().value(QStringLiteral("customerInfo")).toObject();
        QCOMPARE(customer.value(QStringLiteral("phone")).toString(), QStringLiteral("+441234567890"));
    }

    void aCustomersTokenGetsTheSummaryAndABadTokenIsRefused()
    {
        const FixtureOrder paid = addOrder(QStringLiteral("PAID"));
        const HttpReply customer =
            lookUp(paid.orderNumber, {}, {{"Authorization", m_api->bearer(QStringLiteral("CUSTOMER"))}});
        QCOMPARE(customer.status, 200);
        const QJsonObject info = customer.json().value(QStringLiteral("customerInfo")).toObject();
        QVERIFY(!info.contains(QStringLiteral("phone")));
        QVERIFY(!info.value(QStringLiteral("email")).toString().startsWith(u"ada@"));
        const HttpReply forged = lookUp(paid.orderNumber, {}, {{"Authorization", bearerSignedWithOtherSecret(now())}});
        QCOMPARE(forged.status, 401);
        QVERIFY(!forged.body.contains("ada") && !forged.body.contains("PAID"));
    }

    void anonymousLookupsBeyondTheLimitGet429WithRetryAfter()
    {
        const FixtureOrder paid = addOrder(QStringLiteral("PAID"));
        // The default: 10 a second in bursts of 20; the test clock stands still.
        for (int i = 0; i < 20; ++i)
            QCOMPARE(lookUp(paid.orderNumber).status, 200);
        const HttpReply refused = lookUp(paid.orderNumber);
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.header("Content-Type"), QByteArray("application/problem+json"));
        QCOMPARE(refused.json().value(QStringLiteral("status")).toInt(), 429);
        bool isNumber = false;
        const int retryAfter = refused.header("Retry-After").toInt(&isNumber);
        QVERIFY2(isNumber && retryAfter >= 1, refused.header("Retry-After").constData());
        QVERIFY(!refused.body.contains("ada") && !refused.body.contains("PAID"));
        // Guessing e-mails or order numbers counts the same.
        QCOMPARE(lookUp(paid.orderNumber, QStringLiteral("?email=ada@example.com")).status, 429);
        QCOMPARE(lookUp(QStringLiteral("ORD-20260301-999")).status, 429);
        // A manager is not limited.
        for (int i = 0; i < 30; ++i)
            QCOMPARE(getOrder(paid.orderNumber).status, 200);

        m_api->clock().advance(retryAfter);
        QCOMPARE(lookUp(paid.orderNumber).status, 200);
    }

    void listIsNewestFirstWithThePageFields()
    {
        QStringList newestFirst;
        for (int minutesAgo : {50, 40, 30, 20, 10})
            newestFirst.prepend(addOrder(QStringLiteral("PENDING"), minutesAgo).orderNumber);

        const HttpReply first = list(QStringLiteral("?size=2"));
        QCOMPARE(first.status, 200);
        QCOMPARE(orderNumbersOf(first), newestFirst.mid(0, 2));
        QCOMPARE(first.json().value(QStringLiteral("totalElements")).toInt(), 5);
        QCOMPARE(first.json().value(QStringLiteral("totalPages")).toInt(), 3);
        QCOMPARE(first.json().value(QStringLiteral("size")).toInt(), 2);
        QCOMPARE(first.json().value(QStringLiteral("number")).toInt(), 0);
        QCOMPARE(orderNumbersOf(list(QStringLiteral("?size=2&page=1"))), newestFirst.mid(2, 2));
        QCOMPARE(orderNumbersOf(list(QStringLiteral("?size=2&page=2"))), newestFirst.mid(4));
        QCOMPARE(orderNumbersOf(list(QStringLiteral("?size=2&page=3"))), QStringList());

        const HttpReply all = list();
        QCOMPARE(orderNumbersOf(all), newestFirst);
        QCOMPARE(all.json().value(QStringLiteral("size")).toInt(), 20);
        QCOMPARE(list(QStringLiteral("?size=101")).json().value(QStringLiteral("size")).toInt(), 100); // served as 100
        // Listed orders carry their items too.
        QCOMPARE(all.json().value(QStringLiteral("content")).toArray().at(0).toObject()
                     .value(QStringLiteral("items")).toArray().size(), 2);
    }

    void listFiltersByStatus()
    {
        const QString paid = addOrder(QStringLiteral("PAID"), 30).orderNumber;
        addOrder(QStringLiteral("PENDING"), 20);
        const QString paidLater = addOrder(QStringLiteral("PAID"), 10).orderNumber;
        addOrder(QStringLiteral("CANCELLED"), 5);

        const HttpReply reply = list(QStringLiteral("?status=PAID"));
        QCOMPARE(orderNumbersOf(reply), (QStringList{paidLater, paid}));
        QCOMPARE(reply.json().value(QStringLiteral("totalElements")).toInt(), 2);
        QCOMPARE(orderNumbersOf(list(QStringLiteral("?status=paid"))), (QStringList{paidLater, paid}));
        QCOMPARE(orderNumbersOf(list(QStringLiteral("?status=FULFILLED"))), QStringList());
    }

    void listFiltersByEmailIgnoringCase()
    {
        const QString ada = addOrder(QStringLiteral("PAID"), 30, QStringLiteral("Ada@Example.com")).orderNumber;
        addOrder(QStringLiteral("PAID"), 20, QStringLiteral("grace@example.com"));
        const QString adaAgain = addOrder(QStringLiteral("PENDING"), 10, QStringLiteral("ada@example.com")).orderNumber;

        QCOMPARE(orderNumbersOf(list(QStringLiteral("?customerEmail=ADA@example.COM"))), (QStringList{adaAgain, ada}));
        QCOMPARE(orderNumbersOf(list(QStringLiteral("?customerEmail=ada%40example.com&status=PAID"))), QStringList{ada});
        QCOMPARE(orderNumbersOf(list(QStringLiteral("?customerEmail=nobody@example.com"))), QStringList());
    }

    void listFiltersByDateRangeInclusively()
    {
        const QString lastOfFirst = m_orders->addOrder(QStringLiteral("PAID"), utc(1, 23, 59, 59, 999)).orderNumber;
        const QString firstOfSecond = m_orders->addOrder(QStringLiteral("PAID"), utc(2, 0)).orderNumber;
        const QString lastOfSecond = m_orders->addOrder(QStringLiteral("PAID"), utc(2, 23, 59, 59, 999)).orderNumber;
        const QString firstOfThird = m_orders->addOrder(QStringLiteral("PAID"), utc(3, 0)).orderNumber;

        QCOMPARE(orderNumbersOf(list(QStringLiteral("?startDate=2026-03-02&endDate=2026-03-02"))),
                 (QStringList{lastOfSecond, firstOfSecond}));
        QCOMPARE(orderNumbersOf(list(QStringLiteral("?startDate=2026-03-02"))),
                 (QStringList{firstOfThird, lastOfSecond, firstOfSecond}));
        QCOMPARE(orderNumbersOf(list(QStringLiteral("?endDate=2026-03-01"))), QStringList{lastOfFirst});
        QCOMPARE(orderNumbersOf(list(QStringLiteral("?startDate=2026-03-02T00:00:00.001Z&endDate=2026-03-03T00:00:00Z"))),
                 (QStringList{firstOfThird, lastOfSecond}));
        // An offset is honoured, and a date-time without one is UTC.
        QCOMPARE(orderNumbersOf(list(QStringLiteral("?endDate=2026-03-02T01:00:00%2B01:00"))),
                 (QStringList{firstOfSecond, lastOfFirst}));
        QCOMPARE(orderNumbersOf(list(QStringLiteral("?startDate=2026-03-02T23:59:59.999"))),
                 (QStringList{firstOfThird, lastOfSecond}));
    }

    void badQueryValuesAre400NamingTheField_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("fields");

        const QStringList status{QStringLiteral("status")};
        const QStringList startDate{QStringLiteral("startDate")};
        const QStringList endDate{QStringLiteral("endDate")};
        QTest::newRow("unknown status") << "?status=SHIPPED" << status;
        QTest::newRow("empty status") << "?status=" << status;
        QTest::newRow("blank email") << "?customerEmail=%20" << QStringList{QStringLiteral("customerEmail")};
        QTest::newRow("word date") << "?startDate=yesterday" << startDate;
        QTest::newRow("no such day") << "?endDate=2026-02-30" << endDate;
        QTest::newRow("no such hour") << "?endDate=2026-02-03T25:00:00Z" << endDate;
        QTest::newRow("slashes") << "?startDate=03/02/2026" << startDate;
        QTest::newRow("start after end") << "?startDate=2026-03-03&endDate=2026-03-02" << startDate;
        QTest::newRow("negative page") << "?page=-1" << QStringList{QStringLiteral("page")};
        QTest::newRow("size 0") << "?size=0" << QStringList{QStringLiteral("size")};
        QTest::newRow("size word") << "?size=ten" << QStringList{QStringLiteral("size")};
        QTest::newRow("everything") << "?status=X&startDate=x&endDate=y&page=-1&size=0"
                                    << QStringList{QStringLiteral("endDate"), QStringLiteral("page"),
                                                   QStringLiteral("size"), QStringLiteral("startDate"),
                                                   QStringLiteral("status")};
        QTest::newRow("bad status, reversed dates")
            << "?status=X&startDate=2026-03-03&endDate=2026-03-02"
            << QStringList{QStringLiteral("startDate"), QStringLiteral("status")};
    }

    void badQueryValuesAre400NamingTheField()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, fields);
        addOrder(QStringLiteral("PAID"));
        const HttpReply reply = list(query);
        QCOMPARE(reply.status, 400);
        verifyNoInternals(reply);
        QCOMPARE(sorted(errorFields(reply)), fields);
    }

    void listNeedsAManagerToken_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("status");
        QTest::newRow("no token") << "none" << 401;
        QTest::newRow("other secret") << "other-secret" << 401;
        QTest::newRow("alg none") << "alg-none" << 401;
        QTest::newRow("expired") << "expired" << 401;
        QTest::newRow("customer") << "customer" << 403;
        QTest::newRow("cashier") << "cashier" << 403;
    }

    void listNeedsAManagerToken()
    {
        QFETCH(QString, token);
        QFETCH(int, status);
        addOrder(QStringLiteral("PAID"));
        QList<QPair<QByteArray, QByteArray>> headers;
        if (token == u"other-secret")
            headers = {{"Authorization", bearerSignedWithOtherSecret(now())}};
        else if (token == u"alg-none")
            headers = {{"Authorization", bearerWithAlgNone(now())}};
        else if (token == u"customer")
            headers = {{"Authorization", m_api->bearer(QStringLiteral("CUSTOMER"))}};
        else if (token == u"cashier")
            headers = {{"Authorization", m_api->bearer(QStringLiteral("CASHIER"))}};
        else if (token == u"expired") {
            headers = asManager();
            m_api->clock().advance(16 * 60);
        }
        // Even a bad query is refused for who asks, not for what.
        const HttpReply reply = m_api->get(QStringLiteral("/api/v1/orders?status=NOPE"), headers);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/problem+json"));
        QVERIFY(!reply.body.contains("ORD-"));
    }

    void theOrderApiDocumentIsServed()
    {
        const HttpReply reply = m_api->get(QStringLiteral("/v3/api-docs"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json().value(QStringLiteral("info")).toObject().value(QStringLiteral("title")).toString(),
                 QStringLiteral("shop order API"));
    }
};

QTEST_GUILESS_MAIN(OrderApiTest)
#include "tst_orderapi.moc"
