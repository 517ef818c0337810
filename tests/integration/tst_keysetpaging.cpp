#include "catalog/catalogservice.h"
#include "catalog/democataloggenerator.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "db/database.h"
#include "db/migrationrunner.h"
#include "orders/demoordergenerator.h"
#include "orders/orderservice.h"
#include "testdatabase.h"

#include <QtTest>

#include <memory>

using namespace shop;

namespace {

constexpr int kProducts = 2000;
constexpr int kOrders = 400;

QList<QUuid> idsOf(const QList<Product> &products)
{
    QList<QUuid> ids;
    for (const Product &product : products)
        ids.append(product.id);
    return ids;
}

QList<QUuid> idsOf(const QList<Order> &orders)
{
    QList<QUuid> ids;
    for (const Order &order : orders)
        ids.append(order.id);
    return ids;
}

} // namespace

// Keyset pages (the manager window's scrolling) and deep OFFSET pages (read
// through the ids first) hold exactly the rows of the one-page listing, in
// its order, for every sort, direction and filter; and the demo data
// generators leave orders as the engine would. Generated data has many
// equal prices, stock levels and names, so ties are broken by id as they
// must be.
class KeysetPagingTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<testsupport::ScratchDatabase> m_scratch;
    std::unique_ptr<Database> m_database;
    SystemClock m_clock;
    Metrics m_metrics;
    std::unique_ptr<CatalogService> m_catalog;
    std::unique_ptr<OrderService> m_orders;

    qint64 number(const QString &sql)
    {
        QSqlQuery query(m_database->connection());
        if (!query.exec(sql) || !query.next())
            return -1;
        return query.value(0).toLongLong();
    }

    // Every page of size pageSize, each after the last row of the one before.
    QList<Product> productsByKeyset(ProductQuery query, int pageSize)
    {
        QList<Product> all;
        query.limit = pageSize;
        for (int guard = 0; guard < 1000; ++guard) {
            const Result<ProductPage> page = m_catalog->products(query);
            if (!page || page->items.isEmpty())
                break;
            all.append(page->items);
            query.after = page->items.constLast();
        }
        return all;
    }

    QList<Product> productsByOffset(ProductQuery query, int pageSize)
    {
        QList<Product> all;
        query.limit = pageSize;
        for (query.offset = 0;; query.offset += pageSize) {
            const Result<ProductPage> page = m_catalog->products(query);
            if (!page || page->items.isEmpty())
                break;
            all.append(page->items);
        }
        return all;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_scratch = std::make_unique<testsupport::ScratchDatabase>();
        QVERIFY2(m_scratch->error().isEmpty(), qPrintable(m_scratch->error()));
        m_database = std::make_unique<Database>(m_scratch->url());
        QCOMPARE(MigrationRunner(*m_database).run().outcome, MigrationResult::Outcome::Applied);
        m_catalog = std::make_unique<CatalogService>(*m_database, m_clock);
        m_orders = std::make_unique<OrderService>(*m_database, m_metrics, m_clock);
        DemoCatalogGenerator products(*m_database);
        QCOMPARE(products.isEmpty().value(), true);
        const DbResult<qint64> added = products.generate(kProducts, QStringLiteral("KEYSET"));
        QVERIFY2(added, qPrintable(added ? QString() : added.error().text()));
        QCOMPARE(added.value(), kProducts);
        QCOMPARE(products.isEmpty().value(), false);
        DemoOrderGenerator orders(*m_database);
        QCOMPARE(orders.isEmpty().value(), true);
        const DbResult<qint64> ordered = orders.generate(kOrders, QStringLiteral("KEYSET"));
        QVERIFY2(ordered, qPrintable(ordered ? QString() : ordered.error().text()));
        QCOMPARE(orders.isEmpty().value(), false);
    }

    void cleanupTestCase()
    {
        m_orders.reset();
        m_catalog.reset();
        m_database.reset();
        m_scratch.reset();
    }

    void generatedProductsAreCountedAndIndexed()
    {
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM catalog.products")), kProducts);
        QCOMPARE(number(QStringLiteral("SELECT sum(product_count) FROM catalog.product_counts")), kProducts);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM catalog.categories")), DemoCatalogGenerator::kCategories);
        QVERIFY(number(QStringLiteral("SELECT count(DISTINCT category_id) FROM catalog.products")) > 90);
        // the indexes and the foreign key are back
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM pg_indexes WHERE schemaname = 'catalog' "
                                       "AND tablename = 'products' AND indexname = 'products_active_name_idx'")),
                 1);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM pg_constraint WHERE conrelid = "
                                       "'catalog.products'::regclass AND contype = 'f'")),
                 1);
        // and counting goes on for products created afterwards
        const Result<ProductPage> before = m_catalog->products(ProductQuery{});
        QVERIFY(before);
        const Result<Category> category = m_catalog->createCategory({QStringLiteral("Later"), std::nullopt});
        QVERIFY(category);
        QVERIFY(m_catalog->createProduct({QStringLiteral("LATER-1"), QStringLiteral("Later mug"), std::nullopt,
                                          Money::fromCents(100), 1, category->id, true}));
        QCOMPARE(m_catalog->products(ProductQuery{})->totalElements, before->totalElements + 1);
    }

    void generatedOrdersFollowTheEngineRules()
    {
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.orders")), kOrders);
        // subtotal = sum of the items, every order has 1..4 items
        QCOMPARE(number(QStringLiteral(
                     "SELECT count(*) FROM orders.orders o WHERE subtotal_cents <> (SELECT sum(subtotal_cents) "
                     "FROM orders.order_items i WHERE i.order_id = o.id)")),
                 0);
        // one payment per order, its amount the subtotal, its status the order's payment status
        QCOMPARE(number(QStringLiteral(
                     "SELECT count(*) FROM orders.orders o JOIN orders.payment_transactions p ON p.order_id = o.id "
                     "WHERE p.amount_cents = o.subtotal_cents AND (p.status = o.payment_status "
                     "OR (o.payment_status = 'REFUNDED' AND p.status = 'SUCCESS' AND p.refunded_cents = p.amount_cents))")),
                 kOrders);
        // the history ends in the order's status and starts with PENDING
        QCOMPARE(number(QStringLiteral(
                     "SELECT count(*) FROM orders.orders o WHERE o.status = (SELECT to_status FROM "
                     "orders.order_status_history h WHERE h.order_id = o.id ORDER BY changed_at DESC, id DESC LIMIT 1) "
                     "AND (SELECT to_status FROM orders.order_status_history h WHERE h.order_id = o.id "
                     "ORDER BY changed_at, id LIMIT 1) = 'PENDING'")),
                 kOrders);
        // every cancelled order was refunded in full
        QCOMPARE(number(QStringLiteral(
                     "SELECT count(*) FROM orders.orders o WHERE o.status = 'CANCELLED' AND NOT EXISTS (SELECT 1 "
                     "FROM orders.refunds r WHERE r.order_id = o.id AND r.status = 'SUCCEEDED' "
                     "AND r.amount_cents = o.subtotal_cents)")),
                 0);
        // numbers come from the checkout sequence, so the next checkout's is new
        QVERIFY(number(QStringLiteral("SELECT last_value FROM catalog.order_number_seq")) >= kOrders);
        QVERIFY(number(QStringLiteral("SELECT count(DISTINCT status) FROM orders.orders")) >= 4);
        // the order service reads them like any other
        const Result<OrderPage> page = m_orders->list({}, 0, 5);
        QVERIFY(page);
        QCOMPARE(page->totalElements, kOrders);
        const Result<Order> order = m_orders->getByNumber(page->items.constFirst().orderNumber);
        QVERIFY(order);
        QVERIFY(!order->items.isEmpty());
        QVERIFY(!order->history.isEmpty());
    }

    void orderTotalsFollowStatusChanges()
    {
        OrderFilter paid;
        paid.status = OrderStatus::Paid;
        OrderFilter fulfilled;
        fulfilled.status = OrderStatus::Fulfilled;
        const Result<OrderPage> paidBefore = m_orders->list(paid, 0, 1);
        const Result<OrderPage> fulfilledBefore = m_orders->list(fulfilled, 0, 1);
        QVERIFY(paidBefore && fulfilledBefore && !paidBefore->items.isEmpty());
        // counted like the list: the counters (V8) against count(*)
        QCOMPARE(paidBefore->totalElements,
                 number(QStringLiteral("SELECT count(*) FROM orders.orders WHERE status = 'PAID'")));
        QVERIFY(m_orders->fulfill(paidBefore->items.constFirst().orderNumber, {}, QStringLiteral("maria"), {}));
        QCOMPARE(m_orders->list(paid, 0, 1)->totalElements, paidBefore->totalElements - 1);
        QCOMPARE(m_orders->list(fulfilled, 0, 1)->totalElements, fulfilledBefore->totalElements + 1);
        QCOMPARE(m_orders->list({}, 0, 1)->totalElements, kOrders);
    }

    void productKeysetPagesMatchTheListing_data()
    {
        QTest::addColumn<int>("order");
        QTest::addColumn<bool>("isDescending");
        QTest::addColumn<int>("filter");
        const QList<std::pair<ProductOrder, const char *>> orders{
            {ProductOrder::Oldest, "oldest"}, {ProductOrder::Sku, "sku"},     {ProductOrder::Name, "name"},
            {ProductOrder::Category, "category"}, {ProductOrder::Price, "price"}, {ProductOrder::Stock, "stock"},
            {ProductOrder::Active, "active"}};
        const char *filters[] = {"active", "all", "inactive", "category", "search"};
        for (const auto &[order, name] : orders) {
            for (const bool isDescending : {false, true}) {
                for (int filter = 0; filter < 5; ++filter) {
                    QTest::addRow("%s %s %s", name, isDescending ? "desc" : "asc", filters[filter])
                        << static_cast<int>(order) << isDescending << filter;
                }
            }
        }
    }

    void productKeysetPagesMatchTheListing()
    {
        QFETCH(int, order);
        QFETCH(bool, isDescending);
        QFETCH(int, filter);
        ProductQuery query;
        query.order = static_cast<ProductOrder>(order);
        query.isDescending = isDescending;
        switch (filter) {
        case 1: query.isActive = std::nullopt; break;
        case 2: query.isActive = false; break;
        case 3: query.categoryId = m_catalog->products(ProductQuery{})->items.constLast().categoryId; break;
        case 4: query.search = QStringLiteral("oak"); break;
        default: break;
        }
        ProductQuery everything = query;
        everything.limit = 2 * kProducts;
        const Result<ProductPage> listing = m_catalog->products(everything);
        QVERIFY(listing);
        QVERIFY(listing->items.size() > 7);
        QCOMPARE(listing->totalElements, listing->items.size());
        const QList<QUuid> expected = idsOf(listing->items);

        // about nine pages, none a multiple of the list's length
        const int pageSize = std::max(7, static_cast<int>(listing->items.size() / 9)) | 1;
        QCOMPARE(idsOf(productsByKeyset(query, pageSize)), expected);
        QCOMPARE(idsOf(productsByOffset(query, pageSize)), expected);
        // a keyset page is not counted; an offset page is
        ProductQuery after = query;
        after.after = listing->items.constFirst();
        QCOMPARE(m_catalog->products(after)->totalElements, 0);
        ProductQuery deep = query;
        deep.offset = 3;
        QCOMPARE(m_catalog->products(deep)->totalElements, listing->totalElements);
    }

    void orderKeysetPagesMatchTheListing_data()
    {
        QTest::addColumn<int>("filter");
        QTest::addRow("all") << 0;
        QTest::addRow("fulfilled") << 1;
        QTest::addRow("since a date") << 2;
    }

    void orderKeysetPagesMatchTheListing()
    {
        QFETCH(int, filter);
        OrderFilter orderFilter;
        if (filter == 1)
            orderFilter.status = OrderStatus::Fulfilled;
        if (filter == 2)
            orderFilter.startDate = QDateTime::currentDateTimeUtc().addDays(-365);
        const Result<OrderPage> listing = m_orders->list(orderFilter, 0, 1000);
        QVERIFY(listing);
        QVERIFY(listing->items.size() > 9);
        QCOMPARE(listing->totalElements, listing->items.size());
        const QList<QUuid> expected = idsOf(listing->items);

        QList<Order> byKeyset;
        std::optional<OrderCursor> after;
        for (int guard = 0; guard < 1000; ++guard) {
            const Result<OrderPage> page =
                after ? m_orders->listAfter(orderFilter, *after, 9) : m_orders->list(orderFilter, 0, 9);
            QVERIFY(page);
            if (page->items.isEmpty())
                break;
            QCOMPARE(page->totalElements, after ? 0 : listing->totalElements);
            byKeyset.append(page->items);
            after = OrderCursor{page->items.constLast().createdAt, page->items.constLast().id};
        }
        QCOMPARE(idsOf(byKeyset), expected);

        QList<Order> byOffset;
        for (qint64 offset = 0;; offset += 9) {
            const Result<OrderPage> page = m_orders->list(orderFilter, offset, 9);
            QVERIFY(page);
            if (page->items.isEmpty())
                break;
            QCOMPARE(page->totalElements, listing->totalElements);
            byOffset.append(page->items);
        }
        QCOMPARE(idsOf(byOffset), expected);
        // pages carry their items
        QVERIFY(!byKeyset.constLast().items.isEmpty());
    }
};

QTEST_GUILESS_MAIN(KeysetPagingTest)
#include "tst_keysetpaging.moc"
