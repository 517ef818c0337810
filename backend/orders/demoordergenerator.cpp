#include "demoordergenerator.h"

#include "core/steptimer.h"
#include "db/bulkload.h"
#include "db/database.h"

#include <QRegularExpression>


namespace shop {

namespace {

const QString kAnyOrder = QStringLiteral(R"(
    SELECT count(*) FROM (SELECT 1 FROM orders.orders LIMIT 1) AS any_order)");

const QString kAnyActiveProduct = QStringLiteral(R"(
    SELECT count(*) FROM (SELECT 1 FROM catalog.products WHERE is_active LIMIT 1) AS any_product)");

// The run's statements, in order. CREATE TABLE AS takes no parameters, so %1
// (the order count) and %2 (the run token) are written in; generate() has
// checked both. The temporary tables go with the transaction.
const char *const kStatements[] = {
    "SET LOCAL work_mem = '64MB'",
    // The products to order from, numbered so an item can pick one by number.
    "CREATE TEMP TABLE seed_products ON COMMIT DROP AS"
    " SELECT row_number() OVER (ORDER BY id) AS n, id, sku, name, price_cents"
    "   FROM catalog.products WHERE is_active",
    // Order g: its id, a hash its attributes come from, its time (newest
    // last), its final status and number of lines, and its order number.
    R"(CREATE TEMP TABLE seed_orders ON COMMIT DROP AS
       SELECT g, md5('%2-order-' || g)::uuid AS id, h, at,
              CASE WHEN at > now() - interval '1 hour' THEN 'PENDING'
                   WHEN h % 100 < 4 THEN 'FAILED'
                   WHEN h % 100 < 8 THEN 'CANCELLED'
                   WHEN at < now() - interval '2 days' AND h % 100 < 70 THEN 'FULFILLED'
                   ELSE 'PAID' END AS status,
              1 + h / 100 % 4 AS lines,
              h / 400 % greatest(%1 / 5, 1) AS customer,
              nextval('catalog.order_number_seq') AS number
         FROM (SELECT g, abs(hashint8(g + 7777777))::bigint AS h,
                      date_trunc('milliseconds', now() - (%1 - g) * (interval '730 days' / %1)) AS at
                 FROM generate_series(1::bigint, %1) g) s)",
    R"(CREATE TEMP TABLE seed_lines ON COMMIT DROP AS
       SELECT o.id AS order_id, l AS line_no, p.id AS product_id, p.sku, p.name,
              1 + o.h / (7 * l) % 3 AS quantity, p.price_cents
         FROM seed_orders o
        CROSS JOIN LATERAL generate_series(1, o.lines) l
         JOIN seed_products p ON p.n = 1 + abs(hashint8(o.g * 8 + l)) % (SELECT count(*) FROM seed_products))",
    R"(INSERT INTO orders.orders (id, order_number, customer_name, customer_email, customer_phone, shipping_street,
           shipping_city, shipping_state, shipping_postal_code, shipping_country, subtotal_cents, status,
           payment_status, payment_method, correlation_id, version, created_at, updated_at, completed_at,
           tracking_number, carrier, fulfilled_at, cancellation_reason, cancelled_at)
       SELECT o.id,
              'ORD-' || to_char(o.at AT TIME ZONE 'UTC', 'YYYYMMDD') || '-'
                  || lpad(o.number::text, greatest(3, length(o.number::text)), '0'),
              w.first[1 + o.customer % 20] || ' ' || w.last[1 + o.customer / 20 % 20],
              'customer' || o.customer || '@example.com',
              '+1555' || lpad((o.customer % 10000000)::text, 7, '0'),
              (1 + o.customer % 999) || ' ' || w.street[1 + o.customer / 3 % 10],
              w.city[1 + o.customer % 10], w.state[1 + o.customer % 10],
              lpad((10000 + o.customer % 89999)::text, 5, '0'), 'US',
              t.subtotal, o.status,
              CASE o.status WHEN 'PENDING' THEN 'PENDING' WHEN 'FAILED' THEN 'FAILED'
                            WHEN 'CANCELLED' THEN 'REFUNDED' ELSE 'SUCCESS' END,
              'MOCK', 'seed-%2',
              CASE o.status WHEN 'PENDING' THEN 0 WHEN 'FULFILLED' THEN 3 WHEN 'CANCELLED' THEN 3 ELSE 2 END,
              o.at,
              CASE o.status WHEN 'PENDING' THEN o.at WHEN 'FULFILLED' THEN o.at + interval '1 day'
                            WHEN 'CANCELLED' THEN o.at + interval '3 hours' ELSE o.at + interval '2 seconds' END,
              CASE WHEN o.status <> 'PENDING' THEN o.at + interval '2 seconds' END,
              CASE WHEN o.status = 'FULFILLED' THEN '1Z' || upper(substr(md5(o.id::text), 1, 16)) END,
              CASE WHEN o.status = 'FULFILLED' THEN w.carrier[1 + o.h % 3] END,
              CASE WHEN o.status = 'FULFILLED' THEN o.at + interval '1 day' END,
              CASE WHEN o.status = 'CANCELLED' THEN 'customer changed their mind' END,
              CASE WHEN o.status = 'CANCELLED' THEN o.at + interval '3 hours' END
         FROM seed_orders o
         JOIN (SELECT order_id, sum(quantity * price_cents) AS subtotal FROM seed_lines GROUP BY order_id) t
           ON t.order_id = o.id,
              (SELECT '{Ada,Alan,Grace,Linus,Margaret,Ken,Barbara,Edsger,Donald,Frances,John,Radia,Tim,Hedy,
                        Dennis,Katherine,Niklaus,Sophie,Bjarne,Anita}'::text[] AS first,
                      '{Lovelace,Turing,Hopper,Torvalds,Hamilton,Thompson,Liskov,Dijkstra,Knuth,Allen,Backus,
                        Perlman,Berners-Lee,Lamarr,Ritchie,Johnson,Wirth,Wilson,Stroustrup,Borg}'::text[] AS last,
                      '{Main St,Oak Ave,Pine Rd,Maple Dr,Cedar Ln,Elm St,Park Ave,Lake Rd,Hill St,River Rd}'::text[]
                          AS street,
                      '{Springfield,Portland,Austin,Denver,Madison,Salem,Columbus,Albany,Boise,Raleigh}'::text[]
                          AS city,
                      '{IL,OR,TX,CO,WI,MA,OH,NY,ID,NC}'::text[] AS state,
                      '{UPS,DHL,FedEx}'::text[] AS carrier) w)",
    R"(INSERT INTO orders.order_items (order_id, line_no, product_id, product_sku, product_name, quantity,
                                      price_snapshot_cents, subtotal_cents)
       SELECT order_id, line_no, product_id, sku, name, quantity, price_cents, quantity * price_cents
         FROM seed_lines)",
    // The transitions the engine writes: arrival (system), taken for payment
    // (system), the payment's result, then a manager's fulfilment or cancel.
    R"(INSERT INTO orders.order_status_history (order_id, from_status, to_status, reason, changed_by,
                                               correlation_id, changed_at)
       SELECT o.id, s.from_status, s.to_status, s.reason, s.changed_by, 'seed-%2', o.at + s.after
         FROM seed_orders o
        CROSS JOIN LATERAL (VALUES
              (0, NULL, 'PENDING', NULL, 'system', interval '0'),
              (1, 'PENDING', 'PROCESSING', NULL, 'system', interval '1 second'),
              (2, 'PROCESSING', CASE WHEN o.status = 'FAILED' THEN 'FAILED' ELSE 'PAID' END,
                  CASE WHEN o.status = 'FAILED' THEN 'card declined' END, 'payment', interval '2 seconds'),
              (3, 'PAID', o.status, CASE WHEN o.status = 'CANCELLED' THEN 'customer changed their mind' END,
                  'manager', CASE WHEN o.status = 'FULFILLED' THEN interval '1 day' ELSE interval '3 hours' END))
              AS s (step, from_status, to_status, reason, changed_by, after)
        WHERE s.step = 0 OR (o.status <> 'PENDING' AND s.step <= 2)
           OR (s.step = 3 AND o.status IN ('FULFILLED', 'CANCELLED'))
        ORDER BY o.g, s.step)",
    R"(INSERT INTO orders.payment_transactions (id, order_id, amount_cents, status, payment_method,
           external_transaction_id, failure_reason, attempts, created_at, updated_at, completed_at, refunded_cents)
       SELECT md5(o.id::text || '-payment')::uuid, o.id, x.subtotal_cents,
              CASE o.status WHEN 'PENDING' THEN 'PENDING' WHEN 'FAILED' THEN 'FAILED' ELSE 'SUCCESS' END, 'MOCK',
              CASE WHEN o.status NOT IN ('PENDING', 'FAILED') THEN 'mock_' || md5(o.id::text || '-charge') END,
              CASE WHEN o.status = 'FAILED' THEN 'card declined' END,
              CASE WHEN o.status = 'PENDING' THEN 0 ELSE 1 END,
              o.at, o.at + interval '2 seconds',
              CASE WHEN o.status <> 'PENDING' THEN o.at + interval '2 seconds' END,
              CASE WHEN o.status = 'CANCELLED' THEN x.subtotal_cents ELSE 0 END
         FROM seed_orders o JOIN orders.orders x ON x.id = o.id)",
    R"(INSERT INTO orders.mock_gateway_charges (order_id, amount_cents, outcome, external_transaction_id,
                                               failure_reason, created_at, updated_at)
       SELECT p.order_id, p.amount_cents, CASE WHEN p.status = 'FAILED' THEN 'DECLINED' ELSE 'APPROVED' END,
              p.external_transaction_id, p.failure_reason, p.completed_at, p.completed_at
         FROM seed_orders o JOIN orders.payment_transactions p ON p.order_id = o.id
        WHERE p.status <> 'PENDING')",
    R"(INSERT INTO orders.refunds (id, order_id, payment_id, kind, amount_cents, status, reason, requested_by,
                                  attempts, external_refund_id, correlation_id, created_at, updated_at, completed_at)
       SELECT md5(o.id::text || '-refund')::uuid, o.id, p.id, 'CANCELLATION', p.amount_cents, 'SUCCEEDED',
              'customer changed their mind', 'manager', 1, 'mock_refund_' || md5(o.id::text || '-refund'),
              'seed-%2', o.at + interval '3 hours', o.at + interval '3 hours', o.at + interval '3 hours'
         FROM seed_orders o JOIN orders.payment_transactions p ON p.order_id = o.id
        WHERE o.status = 'CANCELLED')",
    R"(INSERT INTO orders.mock_gateway_refunds (idempotency_key, payment_reference, amount_cents, outcome,
                                               external_refund_id, created_at, updated_at)
       SELECT r.id::text, p.external_transaction_id, r.amount_cents, 'APPROVED', r.external_refund_id,
              r.completed_at, r.completed_at
         FROM seed_orders o
         JOIN orders.refunds r ON r.order_id = o.id
         JOIN orders.payment_transactions p ON p.id = r.payment_id)",
};

// The counting trigger (orders V8) would bump a counter row per order; it is
// off while the rows go in (ALTER TABLE is transactional, and its lock keeps
// every other writer out until commit), and the counters are recounted.
const char *const kStopCounting =
    "ALTER TABLE orders.orders DISABLE TRIGGER orders_counted_on_insert_or_delete";
const char *const kRecount[] = {
    "ALTER TABLE orders.orders ENABLE TRIGGER orders_counted_on_insert_or_delete",
    // Since orders V9 a shard is a writer's share, not a set of orders: the
    // recount replaces every share.
    "DELETE FROM orders.order_counts",
    ("INSERT INTO orders.order_counts (status, shard, order_count)"
     " SELECT status, orders.order_shard(id), count(*) FROM orders.orders GROUP BY 1, 2"),
};

// The tables a run adds many rows to: their keys and indexes are built, and
// their foreign keys checked, once after the rows are in (BulkLoad).
const QStringList kLoadedTables{QStringLiteral("orders.orders"), QStringLiteral("orders.order_items"),
                                QStringLiteral("orders.order_status_history"),
                                QStringLiteral("orders.payment_transactions"), QStringLiteral("orders.refunds"),
                                QStringLiteral("orders.mock_gateway_charges")};

} // namespace

DemoOrderGenerator::DemoOrderGenerator(Database &database)
    : m_database(database)
{
}

DbResult<bool> DemoOrderGenerator::isEmpty() const
{
    const DbResult<qint64> any = fetchNumber(*m_database.prepared(kAnyOrder), {});
    if (!any)
        return any.error();
    return any.value() == 0;
}

DbResult<bool> DemoOrderGenerator::hasProducts() const
{
    const DbResult<qint64> any = fetchNumber(*m_database.prepared(kAnyActiveProduct), {});
    if (!any)
        return any.error();
    return any.value() > 0;
}

DbResult<qint64> DemoOrderGenerator::generate(qint64 count, const QString &runToken)
{
    static const QRegularExpression kToken(QStringLiteral("^[A-Z0-9]{1,20}$"));
    if (count < 1 || count > kMaxOrders || !kToken.match(runToken).hasMatch())
        return QSqlError(QStringLiteral("bad order count or run token"), {}, QSqlError::StatementError);
    QSqlDatabase db = m_database.connection();
    if (!db.isOpen())
        return db.lastError();
    StepTimer steps("seed-demo");
    Transaction transaction(db);
    {
        QSqlQuery stopCounting(db);
        if (!stopCounting.exec(QString::fromLatin1(kStopCounting)))
            return stopCounting.lastError();
    }
    // Into empty tables, building the keys and indexes and checking the
    // foreign keys once after the load is far cheaper than row by row. Into
    // tables that already hold orders (--force), a rebuild would redo the
    // indexes of every row already there: those loads keep them.
    const DbResult<bool> wasEmpty = isEmpty();
    if (!wasEmpty)
        return wasEmpty.error();
    std::optional<BulkLoad> load;
    if (wasEmpty.value()) {
        DbResult<BulkLoad> prepared = BulkLoad::prepare(db, kLoadedTables);
        if (!prepared)
            return prepared.error();
        load = prepared.value();
    }
    steps.done(QStringLiteral("orders: keys, indexes and foreign keys dropped"));
    for (const char *statement : kStatements) {
        QSqlQuery query(db);
        const QString sql = QString::fromUtf8(statement)
                                .replace(QStringLiteral("%1"), QString::number(count))
                                .replace(QStringLiteral("%2"), runToken);
        if (!query.exec(sql))
            return query.lastError();
        steps.done(sql.simplified().left(60));
    }
    if (load) {
        if (const DbResult<Done> finished = load->finish(db, steps); !finished)
            return finished.error();
    }
    for (const char *statement : kRecount) {
        QSqlQuery query(db);
        if (!query.exec(QString::fromLatin1(statement)))
            return query.lastError();
    }
    steps.done(QStringLiteral("orders: counters recounted"));
    if (!transaction.commit())
        return transaction.error();
    steps.done(QStringLiteral("orders: committed"));
    // Fresh statistics for the planner, and a visibility map, without which
    // no index-only scan skips the table (deep pages, docs/performance.md).
    QSqlQuery vacuum(db);
    if (!vacuum.exec(QStringLiteral("VACUUM (ANALYZE) orders.orders, orders.order_items, orders.order_status_history, "
                                    "orders.payment_transactions")))
        return vacuum.lastError();
    steps.done(QStringLiteral("orders: vacuumed and analysed"));
    return count;
}

} // namespace shop
