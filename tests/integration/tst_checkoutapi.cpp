#include "apitestserver.h"
#include "catalogfixtures.h"
#include "checkout/checkoutservice.h"
#include "checkoutrequests.h"

#include <QtTest>

using namespace testsupport;

// POST /api/v1/checkout: one transaction that takes the stock, numbers the
// order, writes the OrderCreated outbox row and empties the cart, once per
// Idempotency-Key. Concurrent buyers: tst_checkoutconcurrency.cpp.
class CheckoutApiTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestServer> m_api;
    std::unique_ptr<CatalogFixtures> m_catalog;
    QString m_coffee; // 19.99, 10 in stock
    QString m_filter; // 0.10, 100 in stock

    HttpReply addToCart(const QString &session, const QString &productId, int quantity)
    {
        return testsupport::addToCart(*m_api, session, productId, quantity);
    }

    HttpReply checkout(const QByteArray &body, const QByteArray &key,
                       QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        return testsupport::checkout(*m_api, body, key, std::move(headers));
    }

    static QStringList errorFields(const HttpReply &reply)
    {
        QStringList fields;
        for (const QJsonValue &error : reply.json().value(QStringLiteral("errors")).toArray())
            fields.append(error.toObject().value(QStringLiteral("field")).toString());
        return fields;
    }

    static void verifyProblem(const HttpReply &reply, int status)
    {
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/problem+json"));
        QVERIFY2(!reply.body.contains("SQL") && !reply.body.contains("catalog."), reply.body.constData());
    }

    // Nothing of a refused checkout may remain.
    void verifyNothingChanged(const QString &session, int coffeeStock)
    {
        QCOMPARE(m_catalog->stock(m_coffee), coffeeStock);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.outbox")), 0);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.checkout_idempotency")), 0);
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/carts/") + session).status, 200);
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

    void checkoutPlacesTheOrderAndWritesTheFullEvent()
    {
        QCOMPARE(addToCart(QStringLiteral("s1"), m_coffee, 2).status, 200);
        const HttpReply cart = addToCart(QStringLiteral("s1"), m_filter, 3);
        const QString cartId = cart.json().value(QStringLiteral("id")).toString();

        const HttpReply reply = checkout(checkoutBody(QStringLiteral("s1")), "key-1", {{"X-Correlation-ID", "corr-42"}});

        QCOMPARE(reply.status, 201);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject body = reply.json();
        const QString orderNumber = body.value(QStringLiteral("orderNumber")).toString();
        QVERIFY2(isOrderNumber(orderNumber), qPrintable(orderNumber));
        QCOMPARE(orderNumber.mid(4, 8), m_api->clock().now().toUTC().toString(QStringLiteral("yyyyMMdd")));
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("PENDING"));
        QVERIFY(!body.value(QStringLiteral("message")).toString().isEmpty());

        QCOMPARE(m_catalog->stock(m_coffee), 8);
        QCOMPARE(m_catalog->stock(m_filter), 97);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.carts")), 0); // checkout removed the cart

        QCOMPARE(m_catalog->count(QStringLiteral("catalog.outbox")), 1);
        const QString topic = m_catalog->scalar(QStringLiteral("SELECT topic FROM catalog.outbox")).toString();
        const QString key = m_catalog->scalar(QStringLiteral("SELECT message_key FROM catalog.outbox")).toString();
        const QString rowId = m_catalog->scalar(QStringLiteral("SELECT id FROM catalog.outbox")).toString();
        const QByteArray payload = m_catalog->scalar(QStringLiteral("SELECT payload FROM catalog.outbox")).toString().toUtf8();
        QCOMPARE(topic, QStringLiteral("orders.created"));
        QCOMPARE(m_catalog->scalar(QStringLiteral("SELECT correlation_id FROM catalog.outbox")).toString(), QStringLiteral("corr-42"));

        const QJsonObject event = QJsonDocument::fromJson(payload).object();
        QCOMPARE(event.value(QStringLiteral("eventType")).toString(), QStringLiteral("ORDER_CREATED"));
        QCOMPARE(event.value(QStringLiteral("eventVersion")).toString(), QStringLiteral("1.0"));
        QCOMPARE(event.value(QStringLiteral("eventId")).toString(), rowId);
        QCOMPARE(event.value(QStringLiteral("orderId")).toString(), key);
        QCOMPARE(event.value(QStringLiteral("orderNumber")).toString(), orderNumber);
        QCOMPARE(event.value(QStringLiteral("correlationId")).toString(), QStringLiteral("corr-42"));
        QCOMPARE(event.value(QStringLiteral("cartId")).toString(), cartId);
        QCOMPARE(event.value(QStringLiteral("timestamp")).toString(), shop::toIsoUtc(m_api->clock().now()));
        QCOMPARE(event.value(QStringLiteral("customer")).toObject(), validCustomerInfo());
        QVERIFY2(payload.contains("\"subtotal\":40.28"), payload.constData()); // 2 x 19.99 + 3 x 0.10
        const QJsonArray items = event.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 2);
        for (const QJsonValue &value : items) {
            const QJsonObject item = value.toObject();
            const bool isCoffee = item.value(QStringLiteral("productId")).toString() == m_coffee;
            QCOMPARE(item.value(QStringLiteral("productSku")).toString(), isCoffee ? QStringLiteral("COF-1") : QStringLiteral("FLT-1"));
            QCOMPARE(item.value(QStringLiteral("productName")).toString(), isCoffee ? QStringLiteral("Product COF-1") : QStringLiteral("Product FLT-1"));
            QCOMPARE(item.value(QStringLiteral("quantity")).toInt(), isCoffee ? 2 : 3);
            QCOMPARE(item.value(QStringLiteral("priceSnapshot")).toDouble(), isCoffee ? 19.99 : 0.1);
            QCOMPARE(item.value(QStringLiteral("subtotal")).toDouble(), isCoffee ? 39.98 : 0.3);
        }

        QCOMPARE(m_catalog->scalar(QStringLiteral("SELECT state FROM catalog.checkout_idempotency")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(m_catalog->scalar(QStringLiteral("SELECT response_body FROM catalog.checkout_idempotency")).toString().toUtf8(), reply.body);
    }

    void orderNumbersAreUniqueAndGrow()
    {
        addToCart(QStringLiteral("a"), m_filter, 1);
        addToCart(QStringLiteral("b"), m_filter, 1);
        const QString first = checkout(checkoutBody(QStringLiteral("a")), "k-a").json().value(QStringLiteral("orderNumber")).toString();
        const QString second = checkout(checkoutBody(QStringLiteral("b")), "k-b").json().value(QStringLiteral("orderNumber")).toString();
        QVERIFY2(isOrderNumber(first) && isOrderNumber(second), qPrintable(first + u' ' + second));
        QVERIFY(second.mid(13).toLongLong() > first.mid(13).toLongLong());
    }

    void missingIdempotencyKeyIs400()
    {
        addToCart(QStringLiteral("s1"), m_coffee, 1);
        const HttpReply reply = checkout(checkoutBody(QStringLiteral("s1")), QByteArray());
        verifyProblem(reply, 400);
        QCOMPARE(errorFields(reply), QStringList{QStringLiteral("Idempotency-Key")});
        verifyProblem(checkout(checkoutBody(QStringLiteral("s1")), QByteArray(256, 'k')), 400);
        verifyNothingChanged(QStringLiteral("s1"), 10);
    }

    void invalidCustomerInfoIs400NamingEachField()
    {
        addToCart(QStringLiteral("s1"), m_coffee, 1);
        QJsonObject info = validCustomerInfo();
        info.insert(QStringLiteral("email"), QStringLiteral("not-an-email"));
        info.insert(QStringLiteral("phone"), QStringLiteral("12-34"));
        QJsonObject address = info.value(QStringLiteral("shippingAddress")).toObject();
        address.insert(QStringLiteral("state"), QStringLiteral("X"));
        address.remove(QStringLiteral("city"));
        info.insert(QStringLiteral("shippingAddress"), address);
        info.insert(QStringLiteral("name"), 42);

        const HttpReply reply = checkout(checkoutBody(QStringLiteral("s1"), info), "key-1");
        verifyProblem(reply, 400);
        QStringList fields = errorFields(reply);
        fields.sort();
        QStringList expected{QStringLiteral("customerInfo.email"), QStringLiteral("customerInfo.name"),
                             QStringLiteral("customerInfo.phone"), QStringLiteral("customerInfo.shippingAddress.city"),
                             QStringLiteral("customerInfo.shippingAddress.state")};
        QCOMPARE(fields, expected);

        verifyProblem(checkout("{\"sessionId\":", "key-1"), 400);
        const HttpReply noInfo = checkout(R"({"sessionId":"s1"})", "key-1");
        verifyProblem(noInfo, 400);
        QCOMPARE(errorFields(noInfo), QStringList{QStringLiteral("customerInfo")});
        verifyNothingChanged(QStringLiteral("s1"), 10);
    }

    void emptyCartIs400AndUnknownOrExpiredCartIs404()
    {
        const HttpReply cart = addToCart(QStringLiteral("s1"), m_coffee, 1);
        const QString itemId = cart.json().value(QStringLiteral("items")).toArray().first().toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(m_api->send("DELETE", QStringLiteral("/api/v1/carts/s1/items/") + itemId).status, 200);
        verifyProblem(checkout(checkoutBody(QStringLiteral("s1")), "key-1"), 400);

        // Reading an unknown session's cart shows an empty one but stores
        // none, so its checkout still finds no cart.
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/carts/nobody")).status, 200);
        verifyProblem(checkout(checkoutBody(QStringLiteral("nobody")), "key-2"), 404);

        addToCart(QStringLiteral("s2"), m_coffee, 1);
        m_api->clock().advance(31 * 60);
        verifyProblem(checkout(checkoutBody(QStringLiteral("s2")), "key-3"), 404);
        QCOMPARE(m_catalog->stock(m_coffee), 10);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.outbox")), 0);
    }

    void notEnoughStockOrAnInactiveProductIs409AndChangesNothing()
    {
        addToCart(QStringLiteral("s1"), m_filter, 1);
        addToCart(QStringLiteral("s1"), m_coffee, 3);
        m_catalog->scalar(QStringLiteral("UPDATE catalog.products SET inventory_quantity = 2 WHERE id = ?"), {m_coffee});

        verifyProblem(checkout(checkoutBody(QStringLiteral("s1")), "key-1"), 409);
        verifyNothingChanged(QStringLiteral("s1"), 2);
        QCOMPARE(m_catalog->stock(m_filter), 100);

        m_catalog->scalar(QStringLiteral("UPDATE catalog.products SET inventory_quantity = 5, is_active = false WHERE id = ?"), {m_coffee});
        verifyProblem(checkout(checkoutBody(QStringLiteral("s1")), "key-1"), 409);
        verifyNothingChanged(QStringLiteral("s1"), 5);

        // A refused checkout does not burn its key.
        m_catalog->scalar(QStringLiteral("UPDATE catalog.products SET is_active = true WHERE id = ?"), {m_coffee});
        QCOMPARE(checkout(checkoutBody(QStringLiteral("s1")), "key-1").status, 201);
        QCOMPARE(m_catalog->stock(m_coffee), 2);

        const QByteArray metrics = m_api->metrics().scrape();
        QVERIFY2(metrics.contains("checkout_failure_total{reason=\"out_of_stock\"} 1"), metrics.constData());
        QVERIFY2(metrics.contains("checkout_failure_total{reason=\"product_inactive\"} 1"), metrics.constData());
        QVERIFY2(metrics.contains("\ncheckout_success_total 1\n"), metrics.constData());
        QVERIFY2(metrics.contains("\ncheckout_attempts_total 3\n"), metrics.constData());
    }

    // Issue 10: the price rose after the cart's last change. Checkout names
    // the line with both prices, gives the cart the new price and places
    // nothing; the retry under a new key charges the new total.
    void aChangedPriceIs409ListingTheLineThenTheNewTotalIsCharged()
    {
        const QString lamp = m_catalog->addProduct(QStringLiteral("LMP-1"), 1000, 100);
        QVERIFY2(!lamp.isEmpty(), qPrintable(m_catalog->lastError()));
        QCOMPARE(addToCart(QStringLiteral("s1"), lamp, 60).status, 200);
        QCOMPARE(addToCart(QStringLiteral("s1"), m_coffee, 1).status, 200);
        m_catalog->scalar(QStringLiteral("UPDATE catalog.products SET price_cents = 100000 WHERE id = ?"), {lamp});

        const HttpReply refused = checkout(checkoutBody(QStringLiteral("s1")), "key-1");
        verifyProblem(refused, 409);
        const QJsonObject problem = refused.json();
        QCOMPARE(problem.value(QStringLiteral("type")).toString(), QStringLiteral("https://shop.example/problems/prices-changed"));
        QVERIFY2(problem.value(QStringLiteral("detail")).toString().contains(QStringLiteral("LMP-1 10.00 -> 1000.00")),
                 refused.body.constData());
        const QJsonArray changed = problem.value(QStringLiteral("changedLines")).toArray();
        QCOMPARE(changed.size(), 1); // the coffee's price did not change
        const QJsonObject line = changed.first().toObject();
        QCOMPARE(line.value(QStringLiteral("productId")).toString(), lamp);
        QCOMPARE(line.value(QStringLiteral("productSku")).toString(), QStringLiteral("LMP-1"));
        QCOMPARE(line.value(QStringLiteral("quantity")).toInt(), 60);
        QCOMPARE(line.value(QStringLiteral("oldPrice")).toDouble(), 10.0);
        QCOMPARE(line.value(QStringLiteral("newPrice")).toDouble(), 1000.0);

        verifyNothingChanged(QStringLiteral("s1"), 10);
        QCOMPARE(m_catalog->stock(lamp), 100);
        const HttpReply cart = m_api->get(QStringLiteral("/api/v1/carts/s1"));
        QCOMPARE(cart.json().value(QStringLiteral("subtotal")).toDouble(), 60019.99); // 60 x 1000.00 + 19.99

        const HttpReply placed = checkout(checkoutBody(QStringLiteral("s1")), "key-2");
        QCOMPARE(placed.status, 201);
        QCOMPARE(m_catalog->stock(lamp), 40);
        QCOMPARE(m_catalog->stock(m_coffee), 9);
        const QByteArray payload = m_catalog->scalar(QStringLiteral("SELECT payload FROM catalog.outbox")).toString().toUtf8();
        QVERIFY2(payload.contains("\"subtotal\":60019.99"), payload.constData());
        for (const QJsonValue &value : QJsonDocument::fromJson(payload).object().value(QStringLiteral("items")).toArray()) {
            const QJsonObject item = value.toObject();
            if (item.value(QStringLiteral("productId")).toString() == lamp) {
                QCOMPARE(item.value(QStringLiteral("priceSnapshot")).toDouble(), 1000.0);
                QCOMPARE(item.value(QStringLiteral("subtotal")).toDouble(), 60000.0);
            }
        }
        const QByteArray metrics = m_api->metrics().scrape();
        QVERIFY2(metrics.contains("checkout_failure_total{reason=\"price_changed\"} 1"), metrics.constData());
    }

    // The 409 is not stored under its key (no refusal is): the same key is a
    // new checkout of the updated cart, at the new price.
    void theSameKeyAfterAPriceChangeChargesTheNewPrice()
    {
        QCOMPARE(addToCart(QStringLiteral("s1"), m_coffee, 2).status, 200);
        m_catalog->scalar(QStringLiteral("UPDATE catalog.products SET price_cents = 2500 WHERE id = ?"), {m_coffee});
        verifyProblem(checkout(checkoutBody(QStringLiteral("s1")), "key-1"), 409);
        QCOMPARE(checkout(checkoutBody(QStringLiteral("s1")), "key-1").status, 201);
        const QByteArray payload = m_catalog->scalar(QStringLiteral("SELECT payload FROM catalog.outbox")).toString().toUtf8();
        QVERIFY2(payload.contains("\"subtotal\":50"), payload.constData());
        QCOMPARE(m_catalog->stock(m_coffee), 8);
    }

    void everyCheckoutsDurationIsObservedByOutcome()
    {
        addToCart(QStringLiteral("s1"), m_coffee, 1);
        QCOMPARE(checkout(checkoutBody(QStringLiteral("s1")), "key-1").status, 201);
        QCOMPARE(checkout(checkoutBody(QStringLiteral("s1")), "key-1").status, 201);
        verifyProblem(checkout(checkoutBody(QStringLiteral("no-such-cart")), "key-2"), 404);
        verifyProblem(checkout(checkoutBody(QStringLiteral("s1")), QByteArray()), 400);
        const QByteArray metrics = m_api->metrics().scrape();
        for (const char *line : {"checkout_duration_seconds_count{outcome=\"placed\"} 1\n",
                                 "checkout_duration_seconds_count{outcome=\"replayed\"} 1\n",
                                 "checkout_duration_seconds_count{outcome=\"refused\"} 2\n"})
            QVERIFY2(metrics.contains(line), metrics.constData());
    }

    void aReplayReturnsTheSameBytesAndChangesNothing()
    {
        addToCart(QStringLiteral("s1"), m_coffee, 2);
        const HttpReply first = checkout(checkoutBody(QStringLiteral("s1")), "key-1");
        QCOMPARE(first.status, 201);

        m_api->clock().advance(1);
        const HttpReply replay = checkout(checkoutBody(QStringLiteral("s1")), "key-1");
        QCOMPARE(replay.status, 201);
        QCOMPARE(replay.body, first.body);
        QCOMPARE(replay.header("Content-Type"), first.header("Content-Type"));

        // The same request formatted differently, with a field the contract ignores.
        QJsonObject reordered{{QStringLiteral("customerInfo"), validCustomerInfo()},
                              {QStringLiteral("sessionId"), QStringLiteral("s1")},
                              {QStringLiteral("coupon"), QStringLiteral("ignored")}};
        const HttpReply reformatted = checkout(QJsonDocument(reordered).toJson(QJsonDocument::Indented), "key-1");
        QCOMPARE(reformatted.status, 201);
        QCOMPARE(reformatted.body, first.body);

        QCOMPARE(m_catalog->stock(m_coffee), 8);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.outbox")), 1);
        const QByteArray metrics = m_api->metrics().scrape();
        QVERIFY2(metrics.contains("\ncheckout_success_total 1\n"), metrics.constData());
    }

    void theSameKeyWithADifferentBodyIs422()
    {
        addToCart(QStringLiteral("s1"), m_coffee, 1);
        QCOMPARE(checkout(checkoutBody(QStringLiteral("s1")), "key-1").status, 201);

        QJsonObject otherName = validCustomerInfo();
        otherName.insert(QStringLiteral("name"), QStringLiteral("Grace Hopper"));
        verifyProblem(checkout(checkoutBody(QStringLiteral("s1"), otherName), "key-1"), 422);
        addToCart(QStringLiteral("s2"), m_coffee, 1);
        verifyProblem(checkout(checkoutBody(QStringLiteral("s2")), "key-1"), 422);
        QCOMPARE(m_catalog->stock(m_coffee), 9); // s2's cart was not bought under s1's key
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.outbox")), 1);
    }

    void aCartIsBoughtOnceEvenUnderAnotherKey()
    {
        addToCart(QStringLiteral("s1"), m_coffee, 1);
        QCOMPARE(checkout(checkoutBody(QStringLiteral("s1")), "key-1").status, 201);
        verifyProblem(checkout(checkoutBody(QStringLiteral("s1")), "key-2"), 404);
        QCOMPARE(m_catalog->stock(m_coffee), 9);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.outbox")), 1);
    }

    void keysExpireAfter24HoursAndArePurged()
    {
        addToCart(QStringLiteral("s1"), m_coffee, 1);
        QCOMPARE(checkout(checkoutBody(QStringLiteral("s1")), "key-1").status, 201);
        m_api->clock().advance(24 * 60 * 60 + 1);

        // No longer a replay: the key is new again and the cart is gone.
        verifyProblem(checkout(checkoutBody(QStringLiteral("s1")), "key-1"), 404);
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.checkout_idempotency")), 1);
        shop::CheckoutService(m_api->database(), m_api->metrics(), m_api->clock()).purgeExpiredKeys();
        QCOMPARE(m_catalog->count(QStringLiteral("catalog.checkout_idempotency")), 0);
    }
};

QTEST_GUILESS_MAIN(CheckoutApiTest)
#include "tst_checkoutapi.moc"
