#include "catalogapiclient.h"
#include "checkoutrequests.h"
#include "secondinstance.h"

#include <QtTest>

using namespace testsupport;

namespace {

const QString kProducts = QStringLiteral("/api/v1/products");

QList<QPair<QByteArray, QByteArray>> ifNoneMatch(const QByteArray &tag)
{
    return {{"If-None-Match", tag}};
}

} // namespace

// ETag and If-None-Match on the product and the product pages, across two
// instances: a client that revalidates after a write on the other instance
// (a price change, a checkout's stock change, a new product) gets the new
// data, and a 304 only while nothing it was shown has changed.
class CatalogRevalidationTest : public ProductApiTestBase
{
    Q_OBJECT

private:
    std::unique_ptr<SecondInstance> m_other;
    QString m_product;
    QString m_productId;

    // Checks a 200 with its validators and returns its tag.
    static QByteArray fullAnswer(const HttpReply &reply)
    {
        [&] {
            QCOMPARE(reply.status, 200);
            QVERIFY(!reply.body.isEmpty());
            QCOMPARE(reply.header("Cache-Control"), QByteArray("no-cache"));
            QCOMPARE(reply.header("ETag").size(), 18);
        }();
        return reply.header("ETag");
    }

    static void verifyNotModified(const HttpReply &reply, const QByteArray &tag)
    {
        QCOMPARE(reply.status, 304);
        QVERIFY(reply.body.isEmpty());
        QCOMPARE(reply.header("ETag"), tag);
        QCOMPARE(reply.header("Cache-Control"), QByteArray("no-cache"));
    }

    QStringList pages() const
    {
        return {kProducts + QStringLiteral("?page=0&size=20"),
                kProducts + QStringLiteral("?categoryId=%1&sortBy=price&sortDir=desc&page=0&size=20").arg(m_coffeeId)};
    }

private Q_SLOTS:
    void init()
    {
        const QString error = startWithCoffeeCategory();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_other = std::make_unique<SecondInstance>(m_api->databaseUrl());
        QVERIFY2(m_other->error().isEmpty(), qPrintable(m_other->error()));
        m_product = createProduct(QStringLiteral("COF-ETAG-1"));
        QVERIFY(!m_product.isEmpty());
        m_productId = m_product.section(u'/', -1);
        QVERIFY(!createProduct(QStringLiteral("COF-ETAG-2")).isEmpty());
    }

    void cleanup()
    {
        m_other.reset();
        m_catalog.reset();
        m_api.reset();
    }

    void bothInstancesGiveOneTagAndAnswer304WhileNothingChanged()
    {
        for (const QString &path : QStringList{m_product} + pages()) {
            const HttpReply first = m_api->get(path);
            const QByteArray tag = fullAnswer(first);
            const HttpReply other = m_other->send("GET", path);
            QCOMPARE(fullAnswer(other), tag);
            QCOMPARE(other.body, first.body);
            verifyNotModified(m_api->get(path, ifNoneMatch(tag)), tag);
            verifyNotModified(m_other->send("GET", path, {}, ifNoneMatch("W/" + tag)), tag);
            verifyNotModified(m_api->get(path, ifNoneMatch("\"0000000000000000\", " + tag)), tag);
            // A tag of something else, or none that parses: the full answer.
            QCOMPARE(m_api->get(path, ifNoneMatch("\"0000000000000000\"")).body, first.body);
            QCOMPARE(m_api->get(path, ifNoneMatch("garbage")).body, first.body);
        }
    }

    void aPriceChangeOnTheOtherInstanceIsSeenAtOnce()
    {
        const QList<QByteArray> before{fullAnswer(m_api->get(m_product)), fullAnswer(m_api->get(pages()[0])),
                                       fullAnswer(m_api->get(pages()[1]))};
        const HttpReply changed = m_other->send("PUT", m_product, R"({"price":24.5})", asManager());
        QCOMPARE(changed.status, 200);

        const HttpReply product = m_api->get(m_product, ifNoneMatch(before[0]));
        QCOMPARE(fullAnswer(product) == before[0], false);
        QCOMPARE(product.json().value(QStringLiteral("price")).toDouble(), 24.5);
        for (int i = 0; i < 2; ++i) {
            const HttpReply page = m_api->get(pages()[i], ifNoneMatch(before[i + 1]));
            QCOMPARE(fullAnswer(page) == before[i + 1], false);
            QVERIFY2(page.body.contains("\"price\":24.5"), page.body.constData());
            verifyNotModified(m_api->get(pages()[i], ifNoneMatch(page.header("ETag"))), page.header("ETag"));
        }
        verifyNotModified(m_api->get(m_product, ifNoneMatch(product.header("ETag"))), product.header("ETag"));
    }

    void aCheckoutOnTheOtherInstanceChangesTheStockShown()
    {
        const HttpReply before = m_api->get(m_product);
        const QByteArray productTag = fullAnswer(before);
        const QByteArray pageTag = fullAnswer(m_api->get(pages()[0]));
        const qint64 stock = before.json().value(QStringLiteral("inventoryQuantity")).toInteger();

        const QString session = QStringLiteral("etag-session");
        QCOMPARE(m_other->send("POST", QStringLiteral("/api/v1/carts/%1/items").arg(session),
                               QStringLiteral(R"({"productId":"%1","quantity":3})").arg(m_productId).toUtf8())
                     .status,
                 200);
        const HttpReply placed = m_other->send("POST", QStringLiteral("/api/v1/checkout"), checkoutBody(session),
                                               {{"Idempotency-Key", "etag-checkout-1"}});
        QCOMPARE(placed.status, 201);

        const HttpReply after = m_api->get(m_product, ifNoneMatch(productTag));
        QCOMPARE(fullAnswer(after) == productTag, false);
        QCOMPARE(after.json().value(QStringLiteral("inventoryQuantity")).toInteger(), stock - 3);
        const HttpReply page = m_api->get(pages()[0], ifNoneMatch(pageTag));
        QCOMPARE(fullAnswer(page) == pageTag, false);
        QVERIFY2(page.body.contains(QStringLiteral("\"inventoryQuantity\":%1").arg(stock - 3).toUtf8()),
                 page.body.constData());
        verifyNotModified(m_other->send("GET", m_product, {}, ifNoneMatch(after.header("ETag"))),
                          after.header("ETag"));
    }

    // A product added on the other instance that is not on the page still
    // changes the page's total, so the page's tag.
    void aNewProductChangesThePagesTotal()
    {
        const QString path = kProducts + QStringLiteral("?page=0&size=1");
        const HttpReply before = m_api->get(path);
        const QByteArray tag = fullAnswer(before);
        // Named to sort after every other product (the page is by name, ties
        // by id), so the first page keeps its one product.
        QJsonObject product = CatalogApiClient::productBody(QStringLiteral("ZZZ-LAST"), m_coffeeId);
        product.insert(QStringLiteral("name"), QStringLiteral("Zzz last product"));
        const HttpReply created =
            m_other->send("POST", kProducts, QJsonDocument(product).toJson(), asManager());
        QCOMPARE(created.status, 201);
        const HttpReply after = m_api->get(path, ifNoneMatch(tag));
        QCOMPARE(fullAnswer(after) == tag, false);
        QCOMPARE(after.json().value(QStringLiteral("totalElements")).toInteger(),
                 before.json().value(QStringLiteral("totalElements")).toInteger() + 1);
        QCOMPARE(after.json().value(QStringLiteral("content")).toArray(),
                 before.json().value(QStringLiteral("content")).toArray());
    }

    // Errors are not revalidated: a 404 carries no tag.
    void aMissingProductHasNoTag()
    {
        const HttpReply missing = m_api->get(kProducts + u'/' + QUuid::createUuid().toString(QUuid::WithoutBraces),
                                             ifNoneMatch("*"));
        QCOMPARE(missing.status, 404);
        QVERIFY(missing.header("ETag").isEmpty());
    }
};

QTEST_MAIN(CatalogRevalidationTest)
#include "tst_catalogrevalidation.moc"
