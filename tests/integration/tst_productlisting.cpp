#include "catalogapiclient.h"

#include <QtTest>

using namespace testsupport;

namespace {

const QString kProducts = QStringLiteral("/api/v1/products");

} // namespace

// GET /api/v1/products: active products by default, optionally of one
// category, paged oldest first; bad parameters are a 400 naming each.
class ProductListingTest : public ProductApiTestBase
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

    void listingFiltersByCategoryAndActivityAndPagesInCreatedOrder()
    {
        const QString teaId = createCategory(QStringLiteral("Tea"));
        for (int i = 1; i <= 5; ++i) {
            createProduct(QStringLiteral("COF-%1").arg(i));
            m_api->clock().advance(1);
        }
        createProduct(QStringLiteral("TEA-1"), teaId);
        m_api->clock().advance(1);
        createProduct(QStringLiteral("TEA-2"), teaId);
        const HttpReply third = m_api->get(kProducts + QStringLiteral("?size=100"));
        const QString cof3 = third.json().value(QStringLiteral("content")).toArray().at(2).toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(m_api->send("DELETE", kProducts + u'/' + cof3, {}, asManager()).status, 204);

        // Public, active only by default, oldest first.
        const QJsonObject first = m_api->get(kProducts + QStringLiteral("?size=2")).json();
        QCOMPARE(first.value(QStringLiteral("totalElements")).toInt(), 6);
        QCOMPARE(first.value(QStringLiteral("totalPages")).toInt(), 3);
        QCOMPARE(first.value(QStringLiteral("size")).toInt(), 2);
        QCOMPARE(first.value(QStringLiteral("number")).toInt(), 0);
        QCOMPARE(skusOf(first.value(QStringLiteral("content")).toArray()), (QStringList{QStringLiteral("COF-1"), QStringLiteral("COF-2")}));

        const QJsonObject last = m_api->get(kProducts + QStringLiteral("?size=2&page=2")).json();
        QCOMPARE(last.value(QStringLiteral("number")).toInt(), 2);
        QCOMPARE(skusOf(last.value(QStringLiteral("content")).toArray()), (QStringList{QStringLiteral("TEA-1"), QStringLiteral("TEA-2")}));

        const QJsonObject beyond = m_api->get(kProducts + QStringLiteral("?size=2&page=3")).json();
        QVERIFY(beyond.value(QStringLiteral("content")).toArray().isEmpty());
        QCOMPARE(beyond.value(QStringLiteral("totalElements")).toInt(), 6);

        const QJsonObject defaults = m_api->get(kProducts).json();
        QCOMPARE(defaults.value(QStringLiteral("size")).toInt(), 20);
        QCOMPARE(defaults.value(QStringLiteral("totalPages")).toInt(), 1);

        const QString inCoffee = kProducts + QStringLiteral("?categoryId=") + m_coffeeId;
        QCOMPARE(skusOf(m_api->get(inCoffee).json().value(QStringLiteral("content")).toArray()),
                 (QStringList{QStringLiteral("COF-1"), QStringLiteral("COF-2"), QStringLiteral("COF-4"), QStringLiteral("COF-5")}));
        QCOMPARE(skusOf(m_api->get(inCoffee + QStringLiteral("&isActive=false")).json().value(QStringLiteral("content")).toArray()),
                 QStringList{QStringLiteral("COF-3")});
        QCOMPARE(m_api->get(kProducts + QStringLiteral("?isActive=true&categoryId=") + teaId).json().value(QStringLiteral("totalElements")).toInt(), 2);
        const QJsonObject nowhere =
            m_api->get(kProducts + QStringLiteral("?categoryId=") + QUuid::createUuid().toString(QUuid::WithoutBraces)).json();
        QCOMPARE(nowhere.value(QStringLiteral("totalElements")).toInt(), 0);
        QCOMPARE(nowhere.value(QStringLiteral("totalPages")).toInt(), 0);
    }

    void listingRejectsBadParameters_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("fields");

        QTest::newRow("isActive=maybe") << QStringLiteral("isActive=maybe") << QStringList{QStringLiteral("isActive")};
        QTest::newRow("isActive empty") << QStringLiteral("isActive=") << QStringList{QStringLiteral("isActive")};
        QTest::newRow("size=0") << QStringLiteral("size=0") << QStringList{QStringLiteral("size")};
        QTest::newRow("size=101") << QStringLiteral("size=101") << QStringList{QStringLiteral("size")};
        QTest::newRow("page=-1") << QStringLiteral("page=-1") << QStringList{QStringLiteral("page")};
        QTest::newRow("page=x") << QStringLiteral("page=x") << QStringList{QStringLiteral("page")};
        QTest::newRow("categoryId=nope") << QStringLiteral("categoryId=nope") << QStringList{QStringLiteral("categoryId")};
        QTest::newRow("all at once") << QStringLiteral("categoryId=1&isActive=yes&page=-1&size=1000")
                                     << QStringList{QStringLiteral("categoryId"), QStringLiteral("isActive"),
                                                    QStringLiteral("page"), QStringLiteral("size")};
    }

    void listingRejectsBadParameters()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, fields);
        const HttpReply reply = m_api->get(kProducts + u'?' + query);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/problem+json"));
        QCOMPARE(errorFields(reply), fields);
    }
};

QTEST_GUILESS_MAIN(ProductListingTest)
#include "tst_productlisting.moc"
