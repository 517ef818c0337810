#include "catalogapiclient.h"
#include "forgedtokens.h"

#include <QtTest>

using namespace testsupport;

namespace {

const QString kProducts = QStringLiteral("/api/v1/products");

} // namespace

// /api/v1/products/{id} and POST: exact prices, every bad field in one 400,
// partial updates, soft delete, manager-only writes.
class ProductApiTest : public ProductApiTestBase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        const QString error = startWithCoffeeCategory();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup()
    {
        m_catalog.reset();
        m_api.reset();
    }

    void createAnswers201WithTheProductAndItsExactPrice()
    {
        const HttpReply created = postProduct(productBody(QStringLiteral("COF-ESP-250")));
        QCOMPARE(created.status, 201);
        QVERIFY2(created.body.contains("\"price\":19.99"), created.body.constData());
        const QJsonObject product = created.json();
        const QString id = product.value(QStringLiteral("id")).toString();
        QCOMPARE(created.header("Location"), (kProducts + u'/' + id).toUtf8());
        QCOMPARE(product.value(QStringLiteral("sku")).toString(), QStringLiteral("COF-ESP-250"));
        QCOMPARE(product.value(QStringLiteral("name")).toString(), QStringLiteral("Espresso beans"));
        QCOMPARE(product.value(QStringLiteral("description")).toString(), QStringLiteral("Dark roast"));
        QCOMPARE(product.value(QStringLiteral("inventoryQuantity")).toInt(), 120);
        QCOMPARE(product.value(QStringLiteral("categoryId")).toString(), m_coffeeId);
        QCOMPARE(product.value(QStringLiteral("isActive")).toBool(), true);
        QCOMPARE(product.value(QStringLiteral("createdAt")).toString(), m_api->clock().now().toString(Qt::ISODateWithMs));
        QCOMPARE(product.value(QStringLiteral("updatedAt")), product.value(QStringLiteral("createdAt")));

        const HttpReply fetched = m_api->get(kProducts + u'/' + id);
        QCOMPARE(fetched.status, 200);
        QVERIFY2(fetched.body.contains("\"price\":19.99"), fetched.body.constData());
        QCOMPARE(fetched.json(), product);
    }

    // Only a product actually shown counts: not a miss, not the list.
    void everyProductShownCountsAsAView()
    {
        const QString id = postProduct(productBody(QStringLiteral("COF-VIEW-1"))).json().value(QStringLiteral("id")).toString();
        QCOMPARE(m_api->get(kProducts + u'/' + id).status, 200);
        QCOMPARE(m_api->get(kProducts + u'/' + id).status, 200);
        QCOMPARE(m_api->get(kProducts + u'/' + QUuid::createUuid().toString(QUuid::WithoutBraces)).status, 404);
        QCOMPARE(m_api->get(kProducts).status, 200);
        const QByteArray metrics = m_api->metrics().scrape();
        QVERIFY2(metrics.contains("\nproduct_views_total 2\n"), metrics.constData());
    }

    void pricesWithMoreThanTwoDecimalsOrBelowOneCentAre400()
    {
        for (const QJsonValue &price : {QJsonValue(19.999), QJsonValue(0), QJsonValue(0.001), QJsonValue(-1),
                                       QJsonValue(QStringLiteral("19.99"))}) {
            QJsonObject body = productBody(QStringLiteral("COF-1"));
            body.insert(QStringLiteral("price"), price);
            const HttpReply reply = postProduct(body);
            QCOMPARE(reply.status, 400);
            QCOMPARE(errorFields(reply), QStringList{QStringLiteral("price")});
        }
        QJsonObject cheapest = productBody(QStringLiteral("COF-2"));
        cheapest.insert(QStringLiteral("price"), 0.01);
        QCOMPARE(postProduct(cheapest).status, 201);
    }

    void everyInvalidFieldIsListedInOne400()
    {
        const HttpReply reply = postProduct({{QStringLiteral("sku"), QStringLiteral("bad sku")},
                                             {QStringLiteral("name"), QString()},
                                             {QStringLiteral("description"), QString(5001, u'd')},
                                             {QStringLiteral("price"), 19.999},
                                             {QStringLiteral("inventoryQuantity"), 1.5},
                                             {QStringLiteral("categoryId"), QStringLiteral("nope")}});
        QCOMPARE(reply.status, 400);
        verifyNoInternals(reply);
        QStringList fields = errorFields(reply);
        fields.sort();
        QCOMPARE(fields, (QStringList{QStringLiteral("categoryId"), QStringLiteral("description"),
                                      QStringLiteral("inventoryQuantity"), QStringLiteral("name"),
                                      QStringLiteral("price"), QStringLiteral("sku")}));

        QStringList missing = errorFields(postProduct({}));
        missing.sort();
        QCOMPARE(missing, (QStringList{QStringLiteral("categoryId"), QStringLiteral("inventoryQuantity"),
                                       QStringLiteral("name"), QStringLiteral("price"), QStringLiteral("sku")}));
        QCOMPARE(m_api->send("POST", kProducts, "{\"sku\":", asManager()).status, 400);
        QCOMPARE(m_api->get(kProducts).json().value(QStringLiteral("totalElements")).toInt(), 0);
    }

    void unknownCategoryIs404AndDuplicateSkuIs409()
    {
        const HttpReply unknown =
            postProduct(productBody(QStringLiteral("COF-1"), QUuid::createUuid().toString(QUuid::WithoutBraces)));
        QCOMPARE(unknown.status, 404);
        verifyNoInternals(unknown);

        QVERIFY(!createProduct(QStringLiteral("COF-1")).isEmpty());
        const HttpReply duplicate = postProduct(productBody(QStringLiteral("COF-1")));
        QCOMPARE(duplicate.status, 409);
        verifyNoInternals(duplicate);
    }

    void unknownIdIs404AndMalformedIdIs400()
    {
        const QString unknown = kProducts + u'/' + QUuid::createUuid().toString(QUuid::WithoutBraces);
        QCOMPARE(m_api->get(unknown).status, 404);
        QCOMPARE(put(unknown, {{QStringLiteral("name"), QStringLiteral("X")}}).status, 404);
        QCOMPARE(m_api->send("DELETE", unknown, {}, asManager()).status, 404);

        const QString malformed = kProducts + QStringLiteral("/123");
        const HttpReply get = m_api->get(malformed);
        QCOMPARE(get.status, 400);
        QCOMPARE(errorFields(get), QStringList{QStringLiteral("id")});
        QCOMPARE(put(malformed, {{QStringLiteral("name"), QStringLiteral("X")}}).status, 400);
        QCOMPARE(m_api->send("DELETE", malformed, {}, asManager()).status, 400);
    }

    void partialUpdateChangesOnlyTheGivenFields()
    {
        const QString path = createProduct(QStringLiteral("COF-1"));
        const QJsonObject before = m_api->get(path).json();
        m_api->clock().advance(90);

        const HttpReply updated = put(path, {{QStringLiteral("price"), 24.5}});
        QCOMPARE(updated.status, 200);
        QJsonObject expected = before;
        expected.insert(QStringLiteral("price"), 24.5);
        expected.insert(QStringLiteral("version"), before.value(QStringLiteral("version")).toInteger() + 1);
        expected.insert(QStringLiteral("updatedAt"), m_api->clock().now().toString(Qt::ISODateWithMs));
        QCOMPARE(updated.json(), expected);
        QCOMPARE(m_api->get(path).json(), expected);

        const QString teaId = createCategory(QStringLiteral("Tea"));
        const HttpReply moved = put(path, {{QStringLiteral("categoryId"), teaId},
                                           {QStringLiteral("inventoryQuantity"), 0},
                                           {QStringLiteral("name"), QStringLiteral("Green tea")}});
        QCOMPARE(moved.status, 200);
        QCOMPARE(moved.json().value(QStringLiteral("categoryId")).toString(), teaId);
        QCOMPARE(moved.json().value(QStringLiteral("inventoryQuantity")).toInt(), 0);
        QCOMPARE(moved.json().value(QStringLiteral("sku")).toString(), QStringLiteral("COF-1"));
        QCOMPARE(moved.json().value(QStringLiteral("price")).toDouble(), 24.5);
    }

    void invalidUpdatesAre400404Or409AndChangeNothing()
    {
        const QString path = createProduct(QStringLiteral("COF-1"));
        createProduct(QStringLiteral("COF-2"));
        const QJsonObject before = m_api->get(path).json();

        const HttpReply badPrice = put(path, {{QStringLiteral("price"), 19.999}, {QStringLiteral("sku"), QStringLiteral("x y")}});
        QCOMPARE(badPrice.status, 400);
        QCOMPARE(errorFields(badPrice), (QStringList{QStringLiteral("price"), QStringLiteral("sku")}));
        QCOMPARE(put(path, {{QStringLiteral("inventoryQuantity"), -1}}).status, 400);
        QCOMPARE(put(path, {{QStringLiteral("name"), QStringLiteral(" ")}}).status, 400);
        QCOMPARE(m_api->send("PUT", path, "not json", asManager()).status, 400);

        const HttpReply unknownCategory =
            put(path, {{QStringLiteral("categoryId"), QUuid::createUuid().toString(QUuid::WithoutBraces)}});
        QCOMPARE(unknownCategory.status, 404);
        verifyNoInternals(unknownCategory);

        const HttpReply takenSku = put(path, {{QStringLiteral("sku"), QStringLiteral("COF-2")}});
        QCOMPARE(takenSku.status, 409);
        verifyNoInternals(takenSku);

        QCOMPARE(m_api->get(path).json(), before);
    }

    void deleteIsASoftDelete()
    {
        const QString path = createProduct(QStringLiteral("COF-1"));
        m_api->clock().advance(5);
        const HttpReply deleted = m_api->send("DELETE", path, {}, asManager());
        QCOMPARE(deleted.status, 204);
        QVERIFY(deleted.body.isEmpty());

        const HttpReply fetched = m_api->get(path);
        QCOMPARE(fetched.status, 200);
        QCOMPARE(fetched.json().value(QStringLiteral("isActive")).toBool(), false);
        QCOMPARE(fetched.json().value(QStringLiteral("updatedAt")).toString(), m_api->clock().now().toString(Qt::ISODateWithMs));
        QCOMPARE(m_api->get(kProducts).json().value(QStringLiteral("totalElements")).toInt(), 0);
        QCOMPARE(skusOf(m_api->get(kProducts + QStringLiteral("?isActive=false")).json().value(QStringLiteral("content")).toArray()),
                 QStringList{QStringLiteral("COF-1")});

        // A manager can bring it back with a partial update.
        QCOMPARE(put(path, {{QStringLiteral("isActive"), true}}).json().value(QStringLiteral("isActive")).toBool(), true);
        QCOMPARE(m_api->get(kProducts).json().value(QStringLiteral("totalElements")).toInt(), 1);
    }

    void managerCallsRefuseMissingBadAndNonManagerTokens_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("status");

        for (const QByteArray &method : {QByteArray("POST"), QByteArray("PUT"), QByteArray("DELETE")}) {
            const char *m = method.constData();
            QTest::addRow("%s without token", m) << method << QStringLiteral("none") << 401;
            QTest::addRow("%s not bearer", m) << method << QStringLiteral("basic") << 401;
            QTest::addRow("%s other secret", m) << method << QStringLiteral("other-secret") << 401;
            QTest::addRow("%s alg none", m) << method << QStringLiteral("alg-none") << 401;
            QTest::addRow("%s expired", m) << method << QStringLiteral("expired") << 401;
            QTest::addRow("%s customer", m) << method << QStringLiteral("customer") << 403;
            QTest::addRow("%s cashier", m) << method << QStringLiteral("cashier") << 403;
        }
    }

    void managerCallsRefuseMissingBadAndNonManagerTokens()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, token);
        QFETCH(int, status);

        const QString path = createProduct(QStringLiteral("COF-1"));
        const QJsonObject before = m_api->get(path).json();
        QList<QPair<QByteArray, QByteArray>> headers;
        const QDateTime now = m_api->clock().now();
        if (token == u"basic")
            headers = {{"Authorization", "Basic bWFuYWdlcjptYW5hZ2VyMTIz"}};
        else if (token == u"other-secret")
            headers = {{"Authorization", bearerSignedWithOtherSecret(now)}};
        else if (token == u"alg-none")
            headers = {{"Authorization", bearerWithAlgNone(now)}};
        else if (token == u"customer")
            headers = {{"Authorization", m_api->bearer(QStringLiteral("CUSTOMER"))}};
        else if (token == u"cashier")
            headers = {{"Authorization", m_api->bearer(QStringLiteral("CASHIER"))}};
        else if (token == u"expired") {
            headers = {{"Authorization", m_api->bearer()}};
            m_api->clock().advance(16 * 60);
        }

        const HttpReply reply = method == "POST"
            ? m_api->sendJson(method, kProducts, productBody(QStringLiteral("COF-2")), headers)
            : m_api->sendJson(method, path, {{QStringLiteral("name"), QStringLiteral("Hacked")}}, headers);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/problem+json"));

        // Nothing changed.
        QCOMPARE(m_api->get(path).json(), before);
        QCOMPARE(m_api->get(kProducts).json().value(QStringLiteral("totalElements")).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(ProductApiTest)
#include "tst_productapi.moc"
