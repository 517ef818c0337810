#include "reportrepository.h"

#include "core/ids.h"
#include "db/database.h"

#include <QTimeZone>

namespace shop {

namespace {

// Parameters of every statement: $1 first day, $2 last day (both included,
// 'YYYY-MM-DD'), $3 the shop's time zone; $4 the bucket ('hour', 'day',
// 'week') where there are buckets.
//
// The period as instants, so the order list's index on created_at finds it.
const QString kOrdersInPeriod = QStringLiteral(R"(
    o.created_at >= ($1::date::timestamp AT TIME ZONE $3)
    AND o.created_at < (($2::date + 1)::timestamp AT TIME ZONE $3))");

// Every bucket of the period as wall-clock time in the shop's zone, so empty
// hours and days show as zero. On a day the clocks go back, its repeated
// hour falls into one bucket; on the day they go forward, the skipped hour
// stays empty.
const QString kBuckets = QStringLiteral(R"(
    buckets AS (
        SELECT generate_series(date_trunc($4, $1::date::timestamp),
                               ($2::date + 1)::timestamp - interval '1 microsecond',
                               ('1 ' || $4)::interval) AS bucket))");

const QString kBucketText = QStringLiteral("to_char(k.bucket, 'YYYY-MM-DD\"T\"HH24:MI:SS')");

const QString kSalesOverTime = QStringLiteral("WITH") + kBuckets + QStringLiteral(R"(,
    figures AS (
        SELECT date_trunc($4, o.created_at AT TIME ZONE $3) AS bucket,
               count(*) AS orders,
               count(*) FILTER (WHERE p.status = 'SUCCESS') AS paid,
               sum(o.subtotal_cents - p.refunded_cents) FILTER (WHERE p.status = 'SUCCESS') AS revenue
          FROM orders.orders o
          LEFT JOIN orders.payment_transactions p ON p.order_id = o.id
         WHERE )") + kOrdersInPeriod + QStringLiteral(R"(
         GROUP BY 1)
    SELECT )") + kBucketText + QStringLiteral(R"(, coalesce(f.orders, 0), coalesce(f.paid, 0), coalesce(f.revenue, 0)
      FROM buckets k LEFT JOIN figures f USING (bucket)
     ORDER BY k.bucket)");

// The items of paid orders with the units still sold: what succeeded refunds
// took back is subtracted, never below none (a cancellation after a return
// lists every item again).
const QString kSoldItems = QStringLiteral(R"(
    WITH sold AS (
        SELECT i.product_id, i.product_sku, i.product_name, o.created_at, i.price_snapshot_cents,
               i.quantity - least(i.quantity, coalesce(back.quantity, 0)) AS units
          FROM orders.orders o
          JOIN orders.payment_transactions p ON p.order_id = o.id AND p.status = 'SUCCESS'
          JOIN orders.order_items i ON i.order_id = o.id
          LEFT JOIN LATERAL (
              SELECT sum(ri.quantity) AS quantity
                FROM orders.refund_items ri JOIN orders.refunds r ON r.id = ri.refund_id
               WHERE ri.order_item_id = i.id AND r.status = 'SUCCEEDED') back ON true
         WHERE )") + kOrdersInPeriod + QStringLiteral(")");

const QString kSalesByCategory = kSoldItems + QStringLiteral(R"(
    SELECT coalesce(c.name, 'Uncategorised') AS category, sum(s.units), sum(s.units * s.price_snapshot_cents) AS revenue
      FROM sold s
      LEFT JOIN catalog.products cp ON cp.id = s.product_id
      LEFT JOIN catalog.categories c ON c.id = cp.category_id
     GROUP BY c.id, c.name
    HAVING sum(s.units) > 0
     ORDER BY revenue DESC, category)");

const QString kProductTotals = kSoldItems + QStringLiteral(R"(,
    totals AS (
        SELECT product_id,
               (array_agg(product_sku ORDER BY created_at DESC))[1] AS sku,
               (array_agg(product_name ORDER BY created_at DESC))[1] AS name,
               sum(units) AS units, sum(units * price_snapshot_cents) AS revenue
          FROM sold
         GROUP BY product_id
        HAVING sum(units) > 0)
    SELECT product_id, sku, name, units, revenue FROM totals)");

const QString kTopByRevenue = kProductTotals + QStringLiteral(" ORDER BY revenue DESC, units DESC, sku LIMIT %1")
                                                   .arg(kTopProducts);
const QString kTopByUnits = kProductTotals + QStringLiteral(" ORDER BY units DESC, revenue DESC, sku LIMIT %1")
                                                 .arg(kTopProducts);

const QString kPaymentMix = QStringLiteral(R"(
    SELECT CASE WHEN EXISTS (SELECT 1 FROM pos.sales s WHERE s.order_number = o.order_number)
                THEN 'POS' ELSE 'WEB' END AS channel,
           coalesce(o.payment_method, p.payment_method) AS method,
           count(*), sum(o.subtotal_cents - p.refunded_cents)
      FROM orders.orders o
      JOIN orders.payment_transactions p ON p.order_id = o.id AND p.status = 'SUCCESS'
     WHERE )") + kOrdersInPeriod + QStringLiteral(R"(
     GROUP BY 1, 2
     ORDER BY 1, 2)");

const QString kEventInPeriod = QStringLiteral(R"(
    >= ($1::date::timestamp AT TIME ZONE $3) AND %1 < (($2::date + 1)::timestamp AT TIME ZONE $3))");

const QString kPaymentProblems = QStringLiteral("WITH") + kBuckets + QStringLiteral(R"(,
    failed AS (
        SELECT date_trunc($4, p.completed_at AT TIME ZONE $3) AS bucket, count(*) AS payments,
               sum(p.amount_cents) AS cents
          FROM orders.payment_transactions p
         WHERE p.status = 'FAILED' AND p.completed_at )") + kEventInPeriod.arg(QStringLiteral("p.completed_at"))
                                       + QStringLiteral(R"(
         GROUP BY 1),
    refunded AS (
        SELECT date_trunc($4, r.completed_at AT TIME ZONE $3) AS bucket, count(*) AS refunds,
               sum(r.amount_cents) AS cents
          FROM orders.refunds r
         WHERE r.status = 'SUCCEEDED' AND r.completed_at )") + kEventInPeriod.arg(QStringLiteral("r.completed_at"))
                                       + QStringLiteral(R"(
         GROUP BY 1)
    SELECT )") + kBucketText + QStringLiteral(R"(, coalesce(f.payments, 0), coalesce(f.cents, 0),
           coalesce(r.refunds, 0), coalesce(r.cents, 0)
      FROM buckets k LEFT JOIN failed f USING (bucket) LEFT JOIN refunded r USING (bucket)
     ORDER BY k.bucket)");

QString unitOf(ReportGranularity granularity)
{
    switch (granularity) {
    case ReportGranularity::Hour:
        return QStringLiteral("hour");
    case ReportGranularity::Day:
        return QStringLiteral("day");
    case ReportGranularity::Week:
        return QStringLiteral("week");
    }
    return QStringLiteral("day");
}

QVariantList periodValues(const ReportPeriod &period)
{
    return {period.first.toString(Qt::ISODate), period.last.toString(Qt::ISODate),
            QString::fromLatin1(period.timeZone)};
}

QVariantList bucketedValues(const ReportPeriod &period)
{
    return periodValues(period) << unitOf(period.granularity);
}

QDateTime bucketStart(const QVariant &text, const QTimeZone &zone)
{
    const QDateTime wallClock = QDateTime::fromString(text.toString(), Qt::ISODate);
    return QDateTime(wallClock.date(), wallClock.time(), zone);
}

Money moneyAt(const QSqlQuery &query, int column)
{
    return Money::fromCents(query.value(column).toLongLong());
}

ProductSales productSales(const QSqlQuery &query)
{
    return {idValue(query.value(0)), query.value(1).toString(), query.value(2).toString(),
            query.value(3).toLongLong(), moneyAt(query, 4)};
}

} // namespace

ReportRepository::ReportRepository(Database &database) : m_database(database) {}

DbResult<QList<SalesBucket>> ReportRepository::salesOverTime(const ReportPeriod &period) const
{
    const QTimeZone zone(period.timeZone);
    return fetchAll(*m_database.prepared(kSalesOverTime), bucketedValues(period), [&zone](const QSqlQuery &query) {
        return SalesBucket{bucketStart(query.value(0), zone), query.value(1).toLongLong(),
                           query.value(2).toLongLong(), moneyAt(query, 3)};
    });
}

DbResult<QList<CategorySales>> ReportRepository::salesByCategory(const ReportPeriod &period) const
{
    return fetchAll(*m_database.prepared(kSalesByCategory), periodValues(period), [](const QSqlQuery &query) {
        return CategorySales{query.value(0).toString(), query.value(1).toLongLong(), moneyAt(query, 2)};
    });
}

DbResult<QList<ProductSales>> ReportRepository::topProductsByRevenue(const ReportPeriod &period) const
{
    return fetchAll(*m_database.prepared(kTopByRevenue), periodValues(period), productSales);
}

DbResult<QList<ProductSales>> ReportRepository::topProductsByUnits(const ReportPeriod &period) const
{
    return fetchAll(*m_database.prepared(kTopByUnits), periodValues(period), productSales);
}

DbResult<QList<PaymentMix>> ReportRepository::paymentMix(const ReportPeriod &period) const
{
    return fetchAll(*m_database.prepared(kPaymentMix), periodValues(period), [](const QSqlQuery &query) {
        return PaymentMix{query.value(0).toString(), query.value(1).toString(), query.value(2).toLongLong(),
                          moneyAt(query, 3)};
    });
}

DbResult<QList<PaymentProblemsBucket>> ReportRepository::paymentProblems(const ReportPeriod &period) const
{
    const QTimeZone zone(period.timeZone);
    return fetchAll(*m_database.prepared(kPaymentProblems), bucketedValues(period), [&zone](const QSqlQuery &query) {
        return PaymentProblemsBucket{bucketStart(query.value(0), zone), query.value(1).toLongLong(),
                                     moneyAt(query, 2), query.value(3).toLongLong(), moneyAt(query, 4)};
    });
}

} // namespace shop
