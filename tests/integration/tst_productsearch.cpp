#include "catalog/catalogservice.h"
#include "core/clock.h"
#include "db/database.h"
#include "migrateddatabase.h"

#include <QtTest>

#include <memory>

using namespace shop;
using testsupport::MigratedScratchDatabase;

// CatalogService::products as the manager window uses it: search by SKU or
// name, any active state, and sorting by a column, all in the database.
class ProductSearchTest : public QObject
{
    Q_OBJECT

private:
    QStringList skus(ProductQuery query)
    {
        query.limit = 100;
        const Result<ProductPage> page = m_catalog->products(query);
        if (!page)
            return {page.error().detail};
        QStringList result;
        for (const Product &product : page->items)
            result.append(product.sku);
        return result;
    }

    std::unique_ptr<MigratedScratchDatabase> m_scratch;
    Database *m_database = nullptr; // m_scratch's
    SystemClock m_clock;
    std::unique_ptr<CatalogService> m_catalog;

private Q_SLOTS:
    void init()
    {
        m_scratch = std::make_unique<MigratedScratchDatabase>();
        QVERIFY2(m_scratch->error().isEmpty(), qPrintable(m_scratch->error()));
        m_database = &m_scratch->database();
        m_catalog = std::make_unique<CatalogService>(*m_database, m_clock);
        const Result<Category> category = m_catalog->createCategory({QStringLiteral("Misc"), std::nullopt});
        QVERIFY(category);
        const QList<std::tuple<QString, QString, qint64, bool>> products{
            {QStringLiteral("A-1"), QStringLiteral("Blue mug"), 500, true},
            {QStringLiteral("B-2"), QStringLiteral("100% cotton shirt"), 2000, true},
            {QStringLiteral("C-3"), QStringLiteral("Blue_print poster"), 900, false},
            {QStringLiteral("BLUE-4"), QStringLiteral("Sticker"), 100, true},
        };
        for (const auto &[sku, name, cents, isActive] : products)
            QVERIFY(m_catalog->createProduct({sku, name, std::nullopt, Money::fromCents(cents), 1, category->id, isActive}));
    }

    void cleanup()
    {
        m_catalog.reset();
        m_database = nullptr;
        m_scratch.reset();
    }

    void searchMatchesSkuOrNameInAnyCase()
    {
        ProductQuery query;
        query.search = QStringLiteral("blue");
        // By SKU: the products are created within the same millisecond, so
        // the default order (created_at, then the random id) is not stable here.
        query.order = ProductOrder::Sku;
        QCOMPARE(skus(query), (QStringList{QStringLiteral("A-1"), QStringLiteral("BLUE-4")}));
        query.isActive = std::nullopt;
        QCOMPARE(skus(query), (QStringList{QStringLiteral("A-1"), QStringLiteral("BLUE-4"), QStringLiteral("C-3")}));
    }

    void wildcardsInTheSearchAreLiteral()
    {
        ProductQuery query;
        query.isActive = std::nullopt;
        query.search = QStringLiteral("%");
        QCOMPARE(skus(query), QStringList{QStringLiteral("B-2")});
        query.search = QStringLiteral("e_p");
        QCOMPARE(skus(query), QStringList{QStringLiteral("C-3")});
    }

    void anyActiveStateListsInactiveProductsToo()
    {
        ProductQuery query;
        query.isActive = false;
        QCOMPARE(skus(query), QStringList{QStringLiteral("C-3")});
        query.isActive = std::nullopt;
        QCOMPARE(m_catalog->products(query)->totalElements, 4);
    }

    void listingSortsByTheChosenColumn()
    {
        ProductQuery query;
        query.isActive = std::nullopt;
        query.order = ProductOrder::Price;
        query.isDescending = true;
        QCOMPARE(skus(query), (QStringList{QStringLiteral("B-2"), QStringLiteral("C-3"), QStringLiteral("A-1"),
                                           QStringLiteral("BLUE-4")}));
        query.order = ProductOrder::Name;
        query.isDescending = false;
        QCOMPARE(skus(query).first(), QStringLiteral("B-2")); // "100% cotton shirt"
        query.order = ProductOrder::Sku;
        query.offset = 1;
        query.limit = 2;
        const Result<ProductPage> page = m_catalog->products(query);
        QVERIFY(page);
        QCOMPARE(page->items.size(), 2);
        QCOMPARE(page->items.first().sku, QStringLiteral("B-2"));
        QCOMPARE(page->totalElements, 4);
    }

    void listingSortsByCategoryName()
    {
        const Result<Category> aprons = m_catalog->createCategory({QStringLiteral("Aprons"), std::nullopt});
        QVERIFY(aprons);
        QVERIFY(m_catalog->createProduct(
            {QStringLiteral("Z-9"), QStringLiteral("Apron"), std::nullopt, Money::fromCents(900), 1, aprons->id, true}));
        ProductQuery query;
        query.order = ProductOrder::Category;
        QCOMPARE(skus(query).first(), QStringLiteral("Z-9")); // "Aprons" before "Misc"
        query.isDescending = true;
        QCOMPARE(skus(query).last(), QStringLiteral("Z-9"));
    }
};

QTEST_GUILESS_MAIN(ProductSearchTest)
#include "tst_productsearch.moc"
