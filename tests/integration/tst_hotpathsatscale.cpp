#include "cart/cartservice.h"
#include "catalog/catalogservice.h"
#include "catalog/stockcompensation.h"
#include "checkout/checkoutservice.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "db/database.h"
#include "messaging/outboxrepository.h"
#include "orders/orderprocessor.h"
#include "orders/orderservice.h"
#include "payments/mockpaymentgateway.h"
#include "migrateddatabase.h"

#include <QtTest>

#include <map>

using namespace shop;
using testsupport::MigratedScratchDatabase;

namespace {

constexpr int kGrownRows = 100000;
// A sequential scan of a table this big on a hot path is a bug: its cost
// grows with the table, while an index lookup's does not.
constexpr double kLargeTable = 10000;
// More than the 5 runs after which PostgreSQL may switch a prepared
// statement to its generic plan, so both kinds of plan are exercised.
constexpr int kRounds = 8;

// Every table a hot path touches, grown to kGrownRows with rows the
// application could have written: old carts, sent outbox rows, paid orders
// and the events that paid them. %1 is the row count.
const char *const kGrowth[] = {
    "INSERT INTO catalog.categories (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'Scale')",
    "INSERT INTO catalog.products (id, sku, name, price_cents, inventory_quantity, category_id)"
    " SELECT md5('p' || g)::uuid, 'SCALE-' || g, 'Product ' || g, 100 + g % 900, 1000000,"
    "        '00000000-0000-0000-0000-000000000001' FROM generate_series(1, %1) g",
    "INSERT INTO catalog.carts (id, session_id, created_at, updated_at, expires_at)"
    " SELECT md5('c' || g)::uuid, 'grown-' || g, now() - interval '1 day', now() - interval '1 day',"
    "        now() - interval '1 day' + interval '30 minutes' FROM generate_series(1, %1) g",
    "INSERT INTO catalog.cart_items (cart_id, product_id, product_sku, product_name, quantity, price_snapshot_cents)"
    " SELECT md5('c' || g)::uuid, md5('p' || g)::uuid, 'SCALE-' || g, 'Product ' || g, 1, 100 + g % 900"
    "   FROM generate_series(1, %1) g",
    "INSERT INTO catalog.checkout_idempotency (idempotency_key, request_fingerprint, state, response_status,"
    "                                          response_body)"
    " SELECT 'grown-' || g, md5('f' || g) || md5('g' || g), 'COMPLETED', 201, '{}' FROM generate_series(1, %1) g",
    "INSERT INTO catalog.outbox (aggregate_id, event_type, topic, message_key, payload, created_at, sent_at)"
    " SELECT md5('o' || g)::uuid, 'ORDER_CREATED', 'orders.created', md5('o' || g)::uuid::text, '{}',"
    "        now() - interval '3 days', now() - interval '3 days' FROM generate_series(1, %1) g",
    "INSERT INTO catalog.processed_events (event_id, event_type)"
    " SELECT md5('e' || g)::uuid, 'PAYMENT_COMPLETED' FROM generate_series(1, %1) g",
    "INSERT INTO catalog.stock_reservations (order_id, product_id, quantity)"
    " SELECT md5('o' || g)::uuid, md5('p' || g)::uuid, 1 FROM generate_series(1, %1) g",
    "INSERT INTO catalog.inventory_adjustments (product_id, delta, quantity_after, reason, adjusted_by)"
    " SELECT md5('p' || g)::uuid, 10, 1000000, 'delivery', 'manager' FROM generate_series(1, %1) g",
    // Order numbers of a past day, so they never meet the ones checkout makes.
    "INSERT INTO orders.orders (id, order_number, customer_name, customer_email, customer_phone, shipping_street,"
    "                           shipping_city, shipping_state, shipping_postal_code, shipping_country,"
    "                           subtotal_cents, status, payment_status, payment_method, completed_at)"
    " SELECT md5('o' || g)::uuid, 'ORD-20200101-' || lpad(g::text, 6, '0'), 'Buyer ' || g,"
    "        'buyer' || g % 5000 || '@example.com', '+15551234567', '1 Main St', 'Springfield', 'IL', '62701', 'US',"
    "        100 + g % 900, 'PAID', 'SUCCESS', 'MOCK', now() FROM generate_series(1, %1) g",
    "INSERT INTO orders.order_items (order_id, line_no, product_id, product_sku, product_name, quantity,"
    "                                price_snapshot_cents, subtotal_cents)"
    " SELECT md5('o' || g)::uuid, 1, md5('p' || g)::uuid, 'SCALE-' || g, 'Product ' || g, 1, 100 + g % 900,"
    "        100 + g % 900 FROM generate_series(1, %1) g",
    "INSERT INTO orders.order_status_history (order_id, from_status, to_status, changed_by)"
    " SELECT md5('o' || g)::uuid, 'PROCESSING', 'PAID', 'payment' FROM generate_series(1, %1) g",
    "INSERT INTO orders.payment_transactions (order_id, amount_cents, status, payment_method, external_transaction_id,"
    "                                         attempts, completed_at)"
    " SELECT md5('o' || g)::uuid, 100 + g % 900, 'SUCCESS', 'MOCK', 'grown-' || g, 1, now()"
    "   FROM generate_series(1, %1) g",
    "INSERT INTO orders.processed_events (event_id, event_type)"
    " SELECT md5('e' || g)::uuid, 'ORDER_CREATED' FROM generate_series(1, %1) g",
    "INSERT INTO orders.outbox (aggregate_id, event_type, topic, message_key, payload, created_at, sent_at)"
    " SELECT md5('o' || g)::uuid, 'PAYMENT_COMPLETED', 'payments.completed', md5('o' || g)::uuid::text, '{}',"
    "        now() - interval '3 days', now() - interval '3 days' FROM generate_series(1, %1) g",
    "INSERT INTO orders.mock_gateway_charges (order_id, amount_cents, outcome, external_transaction_id)"
    " SELECT md5('o' || g)::uuid, 100 + g % 900, 'APPROVED', 'grown-' || g FROM generate_series(1, %1) g",
    "ANALYZE",
};

// Sequential scans so far per large table, as PostgreSQL counts them.
using ScanCounts = std::map<QString, qint64>;

CustomerInfo customer()
{
    return {QStringLiteral("Ada Lovelace"), QStringLiteral("ada@example.com"), QStringLiteral("+441234567890"),
            {QStringLiteral("1 Main St"), QStringLiteral("London"), QStringLiteral("LN"), QStringLiteral("N1 9GU"),
             QStringLiteral("GB")}};
}

IncomingMessage messageFrom(const OutboxRow &row)
{
    IncomingMessage message;
    message.topic = row.topic;
    message.key = row.messageKey.toUtf8();
    message.payload = row.payload;
    return message;
}

} // namespace

// Over tables grown to 100,000 rows, every statement the hot paths run
// (cart, checkout, both outbox relays, the daemon's processing, stock
// compensation, product and order lookup) finds its rows through an index:
// none may read a large table from end to end. PostgreSQL's own counters
// (pg_stat_user_tables.seq_scan) say which tables each path scanned, so the
// statements checked are exactly the ones the code runs, with its
// parameters, custom and generic plans alike.
class HotPathsAtScaleTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MigratedScratchDatabase> m_scratch;
    Database *m_database = nullptr; // m_scratch's
    SystemClock m_clock;
    Metrics m_cartMetrics;
    Metrics m_checkoutMetrics;
    Metrics m_daemonMetrics;
    Metrics m_compensationMetrics;
    Metrics m_orderMetrics;
    std::unique_ptr<CartService> m_carts;
    std::unique_ptr<CheckoutService> m_checkout;
    std::unique_ptr<CatalogService> m_catalog;
    std::unique_ptr<MockPaymentGateway> m_gateway;
    std::unique_ptr<OrderProcessor> m_daemon;
    std::unique_ptr<StockCompensation> m_compensation;
    std::unique_ptr<OrderService> m_orders;
    std::unique_ptr<OutboxRepository> m_catalogOutbox;
    std::unique_ptr<OutboxRepository> m_ordersOutbox;
    // "path: schema.table" -> sequential scans seen there.
    std::map<QString, qint64> m_scans;

    bool exec(const QString &sql, QString *error = nullptr)
    {
        QSqlQuery query(m_database->connection());
        if (query.exec(sql))
            return true;
        if (error)
            *error = query.lastError().text() + u" in " + sql;
        return false;
    }

    // Everything here runs on this thread's one connection, so its counts
    // reach the shared statistics when it flushes them, which
    // pg_stat_force_next_flush() makes it do before it answers.
    ScanCounts largeTableScans()
    {
        QSqlQuery query(m_database->connection());
        if (!query.exec(QStringLiteral("SELECT pg_stat_force_next_flush()")))
            qFatal("flushing statistics: %s", qPrintable(query.lastError().text()));
        if (!query.exec(QStringLiteral(
                "SELECT s.schemaname || '.' || s.relname, s.seq_scan FROM pg_stat_user_tables s"
                "  JOIN pg_class c ON c.oid = s.relid WHERE c.reltuples > %1").arg(kLargeTable)))
            qFatal("reading statistics: %s", qPrintable(query.lastError().text()));
        ScanCounts counts;
        while (query.next())
            counts[query.value(0).toString()] = query.value(1).toLongLong();
        return counts;
    }

    // Runs one hot path and books the large tables it scanned under its name.
    template <typename Work>
    auto watch(const char *path, Work work)
    {
        const ScanCounts before = largeTableScans();
        auto result = work();
        for (const auto &[table, scans] : largeTableScans()) {
            const auto was = before.find(table);
            const qint64 added = scans - (was == before.end() ? 0 : was->second);
            if (added > 0)
                m_scans[QLatin1String(path) + u": " + table] += added;
        }
        return result;
    }

    // One order from an empty cart to PAID, every step watched.
    void placeAndPayOneOrder(int round)
    {
        const QString session = QStringLiteral("scale-session-%1").arg(round);
        const QUuid first = productId(round * 2 + 1);
        const QUuid second = productId(round * 2 + 2);

        const Result<Product> product = watch("product by id", [&] { return m_catalog->product(first); });
        QVERIFY(product);
        QVERIFY(watch("new cart with one item", [&] { return m_carts->addItem(session, first, 1); }));
        QVERIFY(watch("add to an existing cart", [&] { return m_carts->addItem(session, second, 2); }));
        QVERIFY(watch("read a cart", [&] { return m_carts->cart(session); }));
        const Result<CheckoutReceipt> receipt = watch("checkout", [&] {
            return m_checkout->placeOrder({session, customer(), {}}, QStringLiteral("scale-key-%1").arg(round));
        });
        QVERIFY2(receipt, qPrintable(receipt ? QString() : receipt.error().detail));

        const std::vector<OutboxRow> created = relay("catalog relay claim and marks", *m_catalogOutbox);
        QCOMPARE(created.size(), size_t(1));
        const HandlingResult handled =
            watch("daemon: OrderCreated", [&] { return m_daemon->onOrderCreated(messageFrom(created.front())); });
        QVERIFY2(handled.outcome == HandlingResult::Outcome::Done, qPrintable(handled.error));

        const std::vector<OutboxRow> completed = relay("orders relay claim and marks", *m_ordersOutbox);
        QCOMPARE(completed.size(), size_t(1));
        const HandlingResult paid = watch("daemon: PaymentCompleted",
                                          [&] { return m_daemon->onPaymentCompleted(messageFrom(completed.front())); });
        QVERIFY2(paid.outcome == HandlingResult::Outcome::Done, qPrintable(paid.error));
        const HandlingResult recorded = watch("catalog: PaymentCompleted", [&] {
            return m_compensation->onPaymentCompleted(messageFrom(completed.front()));
        });
        QVERIFY2(recorded.outcome == HandlingResult::Outcome::Done, qPrintable(recorded.error));

        const Result<Order> order =
            watch("order lookup", [&] { return m_orders->getByNumber(receipt->orderNumber); });
        QVERIFY(order);
        QCOMPARE(order->status, OrderStatus::Paid);
    }

    // What a relay does with one batch: claim, then mark sent, in one
    // transaction; a failed publish marks the rows failed instead, here
    // before they are sent so that statement runs too.
    std::vector<OutboxRow> relay(const char *path, OutboxRepository &outbox)
    {
        return watch(path, [&] {
            Transaction transaction(m_database->connection());
            const DbResult<std::vector<OutboxRow>> claimed = outbox.claimUnsent(100);
            if (!claimed)
                return std::vector<OutboxRow>();
            QStringList ids;
            for (const OutboxRow &row : claimed.value())
                ids << row.id;
            if (!outbox.markFailed(ids, QStringLiteral("broker unavailable")) || !outbox.markSent(ids)
                || !transaction.commit())
                return std::vector<OutboxRow>();
            return claimed.value();
        });
    }

    static QUuid productId(int n)
    {
        return QUuid::fromString(QCryptographicHash::hash(QStringLiteral("p%1").arg(n).toUtf8(),
                                                          QCryptographicHash::Md5)
                                     .toHex()
                                     .insert(20, '-').insert(16, '-').insert(12, '-').insert(8, '-'));
    }

    QString scansReport() const
    {
        QStringList lines;
        for (const auto &[where, scans] : m_scans)
            lines << QStringLiteral("%1 (%2 sequential scans)").arg(where).arg(scans);
        return lines.join(u"; ");
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_scratch = std::make_unique<MigratedScratchDatabase>();
        QVERIFY2(m_scratch->error().isEmpty(), qPrintable(m_scratch->error()));
        m_database = &m_scratch->database();
        QString error;
        for (const char *statement : kGrowth)
            QVERIFY2(exec(QString::fromLatin1(statement).arg(kGrownRows), &error), qPrintable(error));
        // Counters read straight from shared memory, never from a cached snapshot.
        QVERIFY2(exec(QStringLiteral("SET stats_fetch_consistency = none"), &error), qPrintable(error));

        m_carts = std::make_unique<CartService>(*m_database, m_cartMetrics, m_clock);
        m_checkout = std::make_unique<CheckoutService>(*m_database, m_checkoutMetrics, m_clock);
        m_catalog = std::make_unique<CatalogService>(*m_database, m_clock);
        m_gateway = std::make_unique<MockPaymentGateway>(*m_database, MockPaymentGateway::Options{});
        m_daemon = std::make_unique<OrderProcessor>(*m_database, *m_gateway, m_daemonMetrics, m_clock,
                                                    std::chrono::seconds(5), [] { return false; });
        m_compensation = std::make_unique<StockCompensation>(*m_database, m_compensationMetrics);
        m_orders = std::make_unique<OrderService>(*m_database, m_orderMetrics, m_clock);
        m_catalogOutbox = std::make_unique<OutboxRepository>(*m_database, QStringLiteral("catalog.outbox"));
        m_ordersOutbox = std::make_unique<OutboxRepository>(*m_database, QStringLiteral("orders.outbox"));
    }

    void everyTableTheHotPathsUseIsLarge()
    {
        const ScanCounts large = largeTableScans();
        for (const char *table : {"catalog.products", "catalog.carts", "catalog.cart_items",
                                  "catalog.checkout_idempotency", "catalog.outbox", "catalog.processed_events",
                                  "catalog.stock_reservations", "orders.orders", "orders.order_items",
                                  "orders.order_status_history", "orders.payment_transactions",
                                  "orders.processed_events", "orders.outbox", "orders.mock_gateway_charges"})
            QVERIFY2(large.count(QLatin1String(table)) == 1, table);
    }

    void noHotPathScansALargeTable()
    {
        for (int round = 0; round < kRounds; ++round) {
            placeAndPayOneOrder(round);
            if (QTest::currentTestFailed())
                return;
        }
        QVERIFY2(m_scans.empty(), qPrintable(scansReport()));
    }

    // The check can fail: without the index on orders.outbox(aggregate_id),
    // the daemon's "was this order's payment already published?" reads the
    // whole outbox, and the counters show it.
    void withoutTheOutboxIndexTheDaemonIsCaught()
    {
        QString error;
        QVERIFY2(exec(QStringLiteral("DROP INDEX orders.outbox_aggregate_event_idx"), &error), qPrintable(error));
        m_scans.clear();

        placeAndPayOneOrder(kRounds);

        QVERIFY2(m_scans.count(QStringLiteral("daemon: OrderCreated: orders.outbox")) == 1, qPrintable(scansReport()));
    }

    void cleanupTestCase()
    {
        m_daemon.reset();
        m_gateway.reset();
        m_database = nullptr;
        m_scratch.reset();
    }
};

QTEST_GUILESS_MAIN(HotPathsAtScaleTest)
#include "tst_hotpathsatscale.moc"
