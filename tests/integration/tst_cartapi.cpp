#include "apitestserver.h"
#include "cart/cartservice.h"
#include "catalogfixtures.h"

#include <QtTest>

using namespace testsupport;

// /api/v1/carts: priced lines that add up exactly, stock and activity
// checks, and carts that vanish 30 minutes after their last change.
class CartApiTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestServer> m_api;
    std::unique_ptr<CatalogFixtures> m_catalog;
    QString m_coffee; // 19.99, 10 in stock
    QString m_filter; // 0.10, 100 in stock

    static QString cartPath(const QString &session) { return QStringLiteral("/api/v1/carts/") + session; }
    static QString itemsPath(const QString &session) { return cartPath(session) + QStringLiteral("/items"); }
    static QString itemPath(const QString &session, const QString &itemId)
    {
        return itemsPath(session) + u'/' + itemId;
    }

    HttpReply add(const QString &session, const QString &productId, const QJsonValue &quantity)
    {
        return m_api->sendJson("POST", itemsPath(session),
                               {{QStringLiteral("productId"), productId}, {QStringLiteral("quantity"), quantity}});
    }

    HttpReply update(const QString &session, const QString &itemId, const QJsonValue &quantity)
    {
        return m_api->sendJson("PUT", itemPath(session, itemId), {{QStringLiteral("quantity"), quantity}});
    }

    static QJsonArray items(const HttpReply &reply) { return reply.json().value(QStringLiteral("items")).toArray(); }
    static QString firstItemId(const HttpReply &reply)
    {
        return items(reply).first().toObject().value(QStringLiteral("id")).toString();
    }
    static QStringList errorFields(const HttpReply &reply)
    {
        QStringList fields;
        for (const QJsonValue &error : reply.json().value(QStringLiteral("errors")).toArray())
            fields.append(error.toObject().value(QStringLiteral("field")).toString());
        return fields;
    }
    // A session without a live cart reads as the Spring platform's new cart:
    // no items, subtotal 0, and nothing stored.
    void verifyEmptyCart(const QString &session)
    {
        const HttpReply reply = m_api->get(cartPath(session));
        QCOMPARE(reply.status, 200);
        const QJsonObject cart = reply.json();
        QCOMPARE(cart.value(QStringLiteral("sessionId")).toString(), session);
        QCOMPARE(cart.value(QStringLiteral("id")).toString(), QStringLiteral("00000000-0000-0000-0000-000000000000"));
        QVERIFY(cart.value(QStringLiteral("items")).isArray());
        QVERIFY(items(reply).isEmpty());
        QCOMPARE(cart.value(QStringLiteral("subtotal")).toDouble(), 0.0);
        const QDateTime createdAt = QDateTime::fromString(cart.value(QStringLiteral("createdAt")).toString(), Qt::ISODateWithMs);
        const QDateTime expiresAt = QDateTime::fromString(cart.value(QStringLiteral("expiresAt")).toString(), Qt::ISODateWithMs);
        QCOMPARE(createdAt, m_api->clock().now());
        QCOMPARE(cart.value(QStringLiteral("updatedAt")).toString(), cart.value(QStringLiteral("createdAt")).toString());
        QCOMPARE(createdAt.secsTo(expiresAt), 30 * 60);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.carts WHERE session_id = '") + session + u'\''), 0);
    }

    static void verifyProblem(const HttpReply &reply, int status)
    {
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/problem+json"));
        QVERIFY2(!reply.body.contains("SQL") && !reply.body.contains("catalog."), reply.body.constData());
    }

private Q_SLOTS:
    void init()
    {
        m_api = std::make_unique<ApiTestServer>();
        QVERIFY2(m_api->error().isEmpty(), qPrintable(m_api->error()));
        m_catalog = std::make_unique<CatalogFixtures>(m_api->database());
        m_coffee = m_catalog->addProduct(QStringLiteral("COF-1"), 1999, 10);
        m_filter = m_catalog->addProduct(QStringLiteral("FLT-1"), 10, 100);
        QVERIFY2(!m_coffee.isEmpty() && !m_filter.isEmpty(), qPrintable(m_catalog->lastError()));
    }

    void cleanup()
    {
        m_catalog.reset();
        m_api.reset();
    }

    void anUnknownCartReadsEmptyAndDeletesWith204()
    {
        verifyEmptyCart(QStringLiteral("nobody"));
        verifyEmptyCart(QStringLiteral("nobody")); // still nothing stored
        const HttpReply deleted = m_api->send("DELETE", cartPath(QStringLiteral("nobody")));
        QCOMPARE(deleted.status, 204);
        QVERIFY(deleted.body.isEmpty());
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.carts")), 0);
        verifyProblem(m_api->get(cartPath(QString(101, u'x'))), 400);
    }

    void firstAddCreatesTheCartWithAPriceSnapshot()
    {
        const HttpReply reply = add(QStringLiteral("s1"), m_coffee, 2);
        QCOMPARE(reply.status, 200);
        const QJsonObject cart = reply.json();
        QVERIFY(!QUuid::fromString(cart.value(QStringLiteral("id")).toString()).isNull());
        QCOMPARE(cart.value(QStringLiteral("sessionId")).toString(), QStringLiteral("s1"));
        QCOMPARE(cart.value(QStringLiteral("subtotal")).toDouble(), 39.98);
        const QJsonObject item = items(reply).first().toObject();
        QCOMPARE(item.value(QStringLiteral("productId")).toString(), m_coffee);
        QCOMPARE(item.value(QStringLiteral("productSku")).toString(), QStringLiteral("COF-1"));
        QCOMPARE(item.value(QStringLiteral("productName")).toString(), QStringLiteral("Product COF-1"));
        QCOMPARE(item.value(QStringLiteral("quantity")).toInt(), 2);
        QCOMPARE(item.value(QStringLiteral("priceSnapshot")).toDouble(), 19.99);
        QCOMPARE(item.value(QStringLiteral("subtotal")).toDouble(), 39.98);
        QVERIFY(!QUuid::fromString(item.value(QStringLiteral("id")).toString()).isNull());

        const QDateTime now = m_api->clock().now();
        const auto time = [&cart](const char *name) {
            return QDateTime::fromString(cart.value(QLatin1String(name)).toString(), Qt::ISODateWithMs);
        };
        QCOMPARE(time("createdAt").toMSecsSinceEpoch(), now.toMSecsSinceEpoch());
        QCOMPARE(time("updatedAt"), time("createdAt"));
        QCOMPARE(time("expiresAt"), time("updatedAt").addSecs(30 * 60));
        QVERIFY(cart.value(QStringLiteral("expiresAt")).toString().endsWith(u'Z'));

        const HttpReply again = m_api->get(cartPath(QStringLiteral("s1")));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json(), cart);
    }

    void addingAProductAgainAddsToItsLineAndSubtotalsAreExact()
    {
        QCOMPARE(add(QStringLiteral("s1"), m_filter, 1).status, 200);
        QCOMPARE(add(QStringLiteral("s1"), m_filter, 2).status, 200);
        const HttpReply reply = add(QStringLiteral("s1"), m_coffee, 3);
        QCOMPARE(reply.status, 200);
        QCOMPARE(items(reply).size(), 2);
        QJsonObject filterLine;
        for (const QJsonValue &line : items(reply)) {
            if (line.toObject().value(QStringLiteral("productId")).toString() == m_filter)
                filterLine = line.toObject();
        }
        QCOMPARE(filterLine.value(QStringLiteral("quantity")).toInt(), 3);
        QCOMPARE(filterLine.value(QStringLiteral("subtotal")).toDouble(), 0.3);
        // 3 x 0.10 + 3 x 19.99 = 60.27 exactly, not 60.269999...
        QVERIFY2(reply.body.contains("\"subtotal\":60.27,") || reply.body.endsWith("\"subtotal\":60.27}"),
                 reply.body.constData());
    }

    // Issue 10: 1 added at 10.00, the price raised to 1,000.00, then the
    // quantity raised to 60: all 60 cost 1,000.00, through POST and PUT alike.
    void raisingTheQuantityTakesTheCurrentPrice()
    {
        const QString lamp = m_catalog->addProduct(QStringLiteral("LMP-1"), 1000, 100);
        QVERIFY2(!lamp.isEmpty(), qPrintable(m_catalog->lastError()));
        QCOMPARE(add(QStringLiteral("s1"), lamp, 1).status, 200);
        m_catalog->scalar(QStringLiteral("UPDATE catalog.products SET price_cents = 100000 WHERE id = ?"), {lamp});
        // A line nobody touched keeps its snapshot until checkout checks it.
        const HttpReply untouched = m_api->get(cartPath(QStringLiteral("s1")));
        QCOMPARE(items(untouched).first().toObject().value(QStringLiteral("priceSnapshot")).toDouble(), 10.0);

        const HttpReply added = add(QStringLiteral("s1"), lamp, 59);
        QCOMPARE(added.status, 200);
        QJsonObject line = items(added).first().toObject();
        QCOMPARE(line.value(QStringLiteral("quantity")).toInt(), 60);
        QCOMPARE(line.value(QStringLiteral("priceSnapshot")).toDouble(), 1000.0);
        QCOMPARE(line.value(QStringLiteral("subtotal")).toDouble(), 60000.0);
        QCOMPARE(added.json().value(QStringLiteral("subtotal")).toDouble(), 60000.0);

        m_catalog->scalar(QStringLiteral("UPDATE catalog.products SET price_cents = 120000 WHERE id = ?"), {lamp});
        const HttpReply updated = update(QStringLiteral("s1"), firstItemId(added), 61);
        QCOMPARE(updated.status, 200);
        line = items(updated).first().toObject();
        QCOMPARE(line.value(QStringLiteral("priceSnapshot")).toDouble(), 1200.0);
        QCOMPARE(updated.json().value(QStringLiteral("subtotal")).toDouble(), 73200.0);
    }

    void badInputIs400NamingTheField_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("session");
        QTest::addColumn<QString>("field");
        QTest::newRow("zero") << QByteArray(R"({"productId":"%P","quantity":0})") << "s1" << "quantity";
        QTest::newRow("negative") << QByteArray(R"({"productId":"%P","quantity":-2})") << "s1" << "quantity";
        QTest::newRow("fraction") << QByteArray(R"({"productId":"%P","quantity":1.5})") << "s1" << "quantity";
        QTest::newRow("string") << QByteArray(R"({"productId":"%P","quantity":"2"})") << "s1" << "quantity";
        QTest::newRow("huge") << QByteArray(R"({"productId":"%P","quantity":3000000000})") << "s1" << "quantity";
        QTest::newRow("no quantity") << QByteArray(R"({"productId":"%P"})") << "s1" << "quantity";
        QTest::newRow("no product") << QByteArray(R"({"quantity":1})") << "s1" << "productId";
        QTest::newRow("bad uuid") << QByteArray(R"({"productId":"nope","quantity":1})") << "s1" << "productId";
        QTest::newRow("not json") << QByteArray("{") << "s1" << "body";
        QTest::newRow("long session") << QByteArray(R"({"productId":"%P","quantity":1})") << QString(101, u'x')
                                      << "sessionId";
    }

    void badInputIs400NamingTheField()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, session);
        QFETCH(QString, field);
        const HttpReply reply = m_api->send("POST", itemsPath(session), body.replace("%P", m_coffee.toLatin1()));
        verifyProblem(reply, 400);
        QVERIFY2(errorFields(reply).contains(field), reply.body.constData());
        if (session.size() > 100)
            verifyProblem(m_api->get(cartPath(session)), 400);
        else
            verifyEmptyCart(session); // nothing created
    }

    void unknownProductIs404()
    {
        verifyProblem(add(QStringLiteral("s1"), QUuid::createUuid().toString(QUuid::WithoutBraces), 1), 404);
    }

    void notEnoughStockForTheTotalOrAnInactiveProductIs409()
    {
        verifyProblem(add(QStringLiteral("s1"), m_coffee, 11), 409);
        verifyEmptyCart(QStringLiteral("s1")); // the failed add created no cart
        QCOMPARE(add(QStringLiteral("s1"), m_coffee, 6).status, 200);
        verifyProblem(add(QStringLiteral("s1"), m_coffee, 5), 409); // 6 + 5 > 10
        QCOMPARE(items(m_api->get(cartPath(QStringLiteral("s1")))).first().toObject().value(QStringLiteral("quantity")).toInt(), 6);
        QCOMPARE(add(QStringLiteral("s1"), m_coffee, 4).status, 200); // exactly the stock

        const QString retired = m_catalog->addProduct(QStringLiteral("OLD-1"), 500, 50, false);
        verifyProblem(add(QStringLiteral("s1"), retired, 1), 409);
    }

    void updateSetsTheQuantityWithinStock()
    {
        const HttpReply added = add(QStringLiteral("s1"), m_coffee, 1);
        const QString itemId = firstItemId(added);

        const HttpReply updated = update(QStringLiteral("s1"), itemId, 4);
        QCOMPARE(updated.status, 200);
        QCOMPARE(items(updated).first().toObject().value(QStringLiteral("quantity")).toInt(), 4);
        QCOMPARE(updated.json().value(QStringLiteral("subtotal")).toDouble(), 79.96);

        verifyProblem(update(QStringLiteral("s1"), itemId, 0), 400);
        verifyProblem(update(QStringLiteral("s1"), itemId, QStringLiteral("3")), 400);
        verifyProblem(update(QStringLiteral("s1"), QStringLiteral("not-a-uuid"), 1), 400);
        verifyProblem(update(QStringLiteral("s1"), itemId, 11), 409);
        verifyProblem(update(QStringLiteral("s1"), QUuid::createUuid().toString(QUuid::WithoutBraces), 1), 404);
        verifyProblem(update(QStringLiteral("other"), itemId, 1), 404); // another session's item
        QCOMPARE(items(m_api->get(cartPath(QStringLiteral("s1")))).first().toObject().value(QStringLiteral("quantity")).toInt(), 4);
    }

    void removingAnItemAnswersTheRestOfTheCart()
    {
        add(QStringLiteral("s1"), m_coffee, 1);
        const HttpReply both = add(QStringLiteral("s1"), m_filter, 2);
        QString coffeeItem;
        for (const QJsonValue &line : items(both)) {
            if (line.toObject().value(QStringLiteral("productId")).toString() == m_coffee)
                coffeeItem = line.toObject().value(QStringLiteral("id")).toString();
        }
        const HttpReply removed = m_api->send("DELETE", itemPath(QStringLiteral("s1"), coffeeItem));
        QCOMPARE(removed.status, 200);
        QCOMPARE(items(removed).size(), 1);
        QCOMPARE(removed.json().value(QStringLiteral("subtotal")).toDouble(), 0.2);
        verifyProblem(m_api->send("DELETE", itemPath(QStringLiteral("s1"), coffeeItem)), 404);
        verifyProblem(m_api->send("DELETE", itemPath(QStringLiteral("nobody"), coffeeItem)), 404);
    }

    void deletingTheCartRemovesIt()
    {
        add(QStringLiteral("s1"), m_coffee, 1);
        const HttpReply deleted = m_api->send("DELETE", cartPath(QStringLiteral("s1")));
        QCOMPARE(deleted.status, 204);
        QVERIFY(deleted.body.isEmpty());
        verifyEmptyCart(QStringLiteral("s1"));
        QCOMPARE(m_api->send("DELETE", cartPath(QStringLiteral("s1"))).status, 204);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.cart_items")), 0);
    }

    void aCartExpires30MinutesAfterItsLastChange()
    {
        const QString firstId = add(QStringLiteral("s1"), m_coffee, 1).json().value(QStringLiteral("id")).toString();
        m_api->clock().advance(29 * 60);
        const HttpReply changed = add(QStringLiteral("s1"), m_filter, 1); // pushes the expiry back
        QCOMPARE(changed.status, 200);
        QCOMPARE(changed.json().value(QStringLiteral("id")).toString(), firstId);
        m_api->clock().advance(29 * 60);
        QCOMPARE(m_api->get(cartPath(QStringLiteral("s1"))).status, 200);

        m_api->clock().advance(2 * 60); // 31 minutes after the last change
        const HttpReply expired = m_api->get(cartPath(QStringLiteral("s1")));
        QCOMPARE(expired.status, 200);
        QVERIFY(items(expired).isEmpty());
        verifyProblem(update(QStringLiteral("s1"), firstItemId(changed), 1), 404);
        QCOMPARE(m_api->send("DELETE", cartPath(QStringLiteral("s1"))).status, 204);

        // The next add starts an empty new cart, not the expired one.
        const HttpReply fresh = add(QStringLiteral("s1"), m_filter, 1);
        QCOMPARE(fresh.status, 200);
        QVERIFY(fresh.json().value(QStringLiteral("id")).toString() != firstId);
        QCOMPARE(items(fresh).size(), 1);
    }

    void thePurgeJobDeletesExpiredCartsAndCountsTheLiveOnes()
    {
        add(QStringLiteral("old"), m_coffee, 1);
        m_api->clock().advance(31 * 60);
        add(QStringLiteral("new"), m_coffee, 1);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.carts")), 2);

        shop::CartService(m_api->database(), m_api->metrics(), m_api->clock()).purgeExpired();

        QCOMPARE(m_catalog->count(QStringLiteral("catalog.carts")), 1);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.cart_items")), 1);
        const QByteArray metrics = m_api->metrics().scrape();
        QVERIFY2(metrics.contains("\nactive_carts 1\n"), metrics.constData());
        QVERIFY2(metrics.contains("\ncart_items_added_total 2\n"), metrics.constData());
    }
};

QTEST_GUILESS_MAIN(CartApiTest)
#include "tst_cartapi.moc"
