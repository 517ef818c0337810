#include "catalogapiclient.h"
#include "catalogfixtures.h"

#include <QtTest>

#include <algorithm>

using namespace testsupport;

namespace {

const QString kProducts = QStringLiteral("/api/v1/products");
const QString kOldestFirst = QStringLiteral("sortBy=createdAt&");

} // namespace

// GET /api/v1/products: active products by default, optionally of one
// category, sorted by name unless told otherwise, in pages whose totals stay
// exact; bad parameters are a 400 naming each.
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
        const HttpReply third = m_api->get(kProducts + u'?' + kOldestFirst + QStringLiteral("size=100"));
        const QString cof3 = third.json().value(QStringLiteral("content")).toArray().at(2).toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(m_api->send("DELETE", kProducts + u'/' + cof3, {}, asManager()).status, 204);

        // Public, active only by default.
        const QJsonObject first = m_api->get(kProducts + u'?' + kOldestFirst + QStringLiteral("size=2")).json();
        QCOMPARE(first.value(QStringLiteral("totalElements")).toInt(), 6);
        QCOMPARE(first.value(QStringLiteral("totalPages")).toInt(), 3);
        QCOMPARE(first.value(QStringLiteral("size")).toInt(), 2);
        QCOMPARE(first.value(QStringLiteral("number")).toInt(), 0);
        QCOMPARE(skusOf(first.value(QStringLiteral("content")).toArray()), (QStringList{QStringLiteral("COF-1"), QStringLiteral("COF-2")}));

        const QJsonObject last = m_api->get(kProducts + u'?' + kOldestFirst + QStringLiteral("size=2&page=2")).json();
        QCOMPARE(last.value(QStringLiteral("number")).toInt(), 2);
        QCOMPARE(skusOf(last.value(QStringLiteral("content")).toArray()), (QStringList{QStringLiteral("TEA-1"), QStringLiteral("TEA-2")}));

        const QJsonObject beyond = m_api->get(kProducts + QStringLiteral("?size=2&page=3")).json();
        QVERIFY(beyond.value(QStringLiteral("content")).toArray().isEmpty());
        QCOMPARE(beyond.value(QStringLiteral("totalElements")).toInt(), 6);

        const QJsonObject defaults = m_api->get(kProducts).json();
        QCOMPARE(defaults.value(QStringLiteral("size")).toInt(), 20);
        QCOMPARE(defaults.value(QStringLiteral("totalPages")).toInt(), 1);

        const QString inCoffee = kProducts + u'?' + kOldestFirst + QStringLiteral("categoryId=") + m_coffeeId;
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
        QTest::newRow("size=x") << QStringLiteral("size=x") << QStringList{QStringLiteral("size")};
        QTest::newRow("page=10000001") << QStringLiteral("page=10000001") << QStringList{QStringLiteral("page")};
        QTest::newRow("sortBy=id") << QStringLiteral("sortBy=id") << QStringList{QStringLiteral("sortBy")};
        QTest::newRow("sortBy=Name") << QStringLiteral("sortBy=Name") << QStringList{QStringLiteral("sortBy")};
        QTest::newRow("sortBy empty") << QStringLiteral("sortBy=") << QStringList{QStringLiteral("sortBy")};
        QTest::newRow("sortDir=up") << QStringLiteral("sortDir=up") << QStringList{QStringLiteral("sortDir")};
        QTest::newRow("page=-1") << QStringLiteral("page=-1") << QStringList{QStringLiteral("page")};
        QTest::newRow("page=x") << QStringLiteral("page=x") << QStringList{QStringLiteral("page")};
        QTest::newRow("categoryId=nope") << QStringLiteral("categoryId=nope") << QStringList{QStringLiteral("categoryId")};
        QTest::newRow("all at once") << QStringLiteral("categoryId=1&isActive=yes&page=-1&size=0&sortBy=x&sortDir=y")
                                     << QStringList{QStringLiteral("categoryId"), QStringLiteral("isActive"),
                                                    QStringLiteral("page"), QStringLiteral("size"),
                                                    QStringLiteral("sortBy"), QStringLiteral("sortDir")};
    }

    void listingRejectsBadParameters()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, fields);
        const HttpReply reply = m_api->get(kProducts + u'?' + query);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/problem+json"));
        QCOMPARE(errorFields(reply), fields);
        for (const QString &field : fields)
            QVERIFY(reply.json().value(QStringLiteral("fieldErrors")).toObject().contains(field));
    }

    // The Spring platform takes any size; asking for more than 100 gets 100.
    void aSizeAbove100IsServedAs100()
    {
        for (int i = 1; i <= 101; ++i)
            QVERIFY(m_catalog->postProduct(productBody(QStringLiteral("P-%1").arg(i))).status == 201);
        for (const QString &size : {QStringLiteral("101"), QStringLiteral("100000"), QStringLiteral("2147483647")}) {
            const HttpReply reply = m_api->get(kProducts + QStringLiteral("?size=") + size);
            QCOMPARE(reply.status, 200);
            QCOMPARE(reply.json().value(QStringLiteral("size")).toInt(), 100);
            QCOMPARE(reply.json().value(QStringLiteral("content")).toArray().size(), 100);
            QCOMPARE(reply.json().value(QStringLiteral("totalElements")).toInt(), 101);
            QCOMPARE(reply.json().value(QStringLiteral("totalPages")).toInt(), 2);
        }
    }

    void listingSortsByNameByDefaultAndByEachSortKeyBothWays_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("skus");
        // Created in the order A, B, C, D; names, prices and stock each order them differently.
        const QStringList created{QStringLiteral("SKU-A"), QStringLiteral("SKU-B"), QStringLiteral("SKU-C"), QStringLiteral("SKU-D")};
        const QStringList byName{QStringLiteral("SKU-C"), QStringLiteral("SKU-A"), QStringLiteral("SKU-D"), QStringLiteral("SKU-B")};
        const QStringList byPrice{QStringLiteral("SKU-B"), QStringLiteral("SKU-D"), QStringLiteral("SKU-A"), QStringLiteral("SKU-C")};
        const QStringList byStock{QStringLiteral("SKU-D"), QStringLiteral("SKU-C"), QStringLiteral("SKU-B"), QStringLiteral("SKU-A")};
        const auto reversed = [](QStringList list) {
            std::reverse(list.begin(), list.end());
            return list;
        };
        QTest::newRow("default") << QString() << byName;
        QTest::newRow("name") << QStringLiteral("sortBy=name") << byName;
        QTest::newRow("name desc") << QStringLiteral("sortBy=name&sortDir=desc") << reversed(byName);
        QTest::newRow("desc alone") << QStringLiteral("sortDir=desc") << reversed(byName);
        QTest::newRow("price") << QStringLiteral("sortBy=price&sortDir=asc") << byPrice;
        QTest::newRow("price DESC") << QStringLiteral("sortBy=price&sortDir=DESC") << reversed(byPrice);
        QTest::newRow("createdAt") << QStringLiteral("sortBy=createdAt") << created;
        QTest::newRow("createdAt Desc") << QStringLiteral("sortBy=createdAt&sortDir=Desc") << reversed(created);
        QTest::newRow("sku desc") << QStringLiteral("sortBy=sku&sortDir=desc") << reversed(created);
        QTest::newRow("inventoryQuantity") << QStringLiteral("sortBy=inventoryQuantity&sortDir=ASC") << byStock;
        QTest::newRow("inventoryQuantity desc") << QStringLiteral("sortBy=inventoryQuantity&sortDir=desc") << reversed(byStock);
        QTest::newRow("in a category") << QStringLiteral("sortBy=price&categoryId=%C") << byPrice;
    }

    void listingSortsByNameByDefaultAndByEachSortKeyBothWays()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, skus);
        const QList<std::tuple<QString, QString, double, int>> products{
            {QStringLiteral("SKU-A"), QStringLiteral("Beans"), 5.00, 40},
            {QStringLiteral("SKU-B"), QStringLiteral("Tamper"), 1.50, 30},
            {QStringLiteral("SKU-C"), QStringLiteral("Aeropress"), 9.99, 20},
            {QStringLiteral("SKU-D"), QStringLiteral("Filter"), 2.00, 10},
        };
        for (const auto &[sku, name, price, stock] : products) {
            QJsonObject body = productBody(sku);
            body.insert(QStringLiteral("name"), name);
            body.insert(QStringLiteral("price"), price);
            body.insert(QStringLiteral("inventoryQuantity"), stock);
            QCOMPARE(postProduct(body).status, 201);
            m_api->clock().advance(1);
        }
        const HttpReply reply = m_api->get(kProducts + u'?' + QString(query).replace(QStringLiteral("%C"), m_coffeeId));
        QCOMPARE(reply.status, 200);
        QCOMPARE(skusOf(reply.json().value(QStringLiteral("content")).toArray()), skus);
    }

    // Equal sort values are ordered by id, so paging through them shows each product once.
    void pagesOfEqualValuesNeitherRepeatNorSkip()
    {
        QStringList created;
        for (int i = 1; i <= 7; ++i) {
            created.append(QStringLiteral("SAME-%1").arg(i));
            QCOMPARE(postProduct(productBody(created.last())).status, 201); // one name, price and stock
        }
        for (const QString &sort : {QStringLiteral("name"), QStringLiteral("price"), QStringLiteral("inventoryQuantity"),
                                    QStringLiteral("createdAt")}) {
            for (const QString &direction : {QStringLiteral("asc"), QStringLiteral("desc")}) {
                QStringList seen;
                for (int page = 0; page < 3; ++page) {
                    const QString query = QStringLiteral("?size=3&page=%1&sortBy=%2&sortDir=%3").arg(page).arg(sort, direction);
                    seen += skusOf(m_api->get(kProducts + query).json().value(QStringLiteral("content")).toArray());
                }
                QCOMPARE(seen.size(), 7);
                QStringList sorted = seen;
                sorted.sort();
                QCOMPARE(sorted, created);
            }
        }
    }

    // totalElements comes from counters the database keeps (V7); it must
    // follow every way a product enters, leaves or moves between the filters.
    void totalsFollowCreationDeactivationAndMoves()
    {
        const QString teaId = createCategory(QStringLiteral("Tea"));
        const QString beans = createProduct(QStringLiteral("BEANS-1"));
        createProduct(QStringLiteral("BEANS-2"));
        const QString leaves = createProduct(QStringLiteral("LEAVES-1"), teaId);
        const auto total = [this](const QString &query) {
            return m_api->get(kProducts + u'?' + query).json().value(QStringLiteral("totalElements")).toInt();
        };
        const QString coffee = QStringLiteral("categoryId=") + m_coffeeId;
        const QString tea = QStringLiteral("categoryId=") + teaId;
        QCOMPARE(total(QString()), 3);
        QCOMPARE(total(coffee), 2);
        QCOMPARE(total(tea), 1);

        QCOMPARE(put(beans, {{QStringLiteral("categoryId"), teaId}}).status, 200);
        QCOMPARE(total(coffee), 1);
        QCOMPARE(total(tea), 2);

        QCOMPARE(m_api->send("DELETE", leaves, {}, asManager()).status, 204);
        QCOMPARE(total(QString()), 2);
        QCOMPARE(total(tea), 1);
        QCOMPARE(total(tea + QStringLiteral("&isActive=false")), 1);
        QCOMPARE(total(QStringLiteral("isActive=false")), 1);

        // Moving and reactivating in one update; a stock change moves nothing.
        QCOMPARE(put(leaves, {{QStringLiteral("categoryId"), m_coffeeId}, {QStringLiteral("isActive"), true}}).status, 200);
        QCOMPARE(put(beans, {{QStringLiteral("inventoryQuantity"), 7}}).status, 200);
        QCOMPARE(total(coffee), 2);
        QCOMPARE(total(tea), 1);
        QCOMPARE(total(QStringLiteral("isActive=false")), 0);

        // And they agree with counting the rows.
        CatalogFixtures rows(m_api->database());
        QCOMPARE(total(QString()), rows.count(QStringLiteral("catalog.products WHERE is_active")));
        QCOMPARE(total(coffee), rows.count(QStringLiteral("catalog.products WHERE is_active AND category_id = '") + m_coffeeId + u'\''));
    }
};

QTEST_GUILESS_MAIN(ProductListingTest)
#include "tst_productlisting.moc"
