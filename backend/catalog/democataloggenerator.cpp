#include "democataloggenerator.h"

#include "core/steptimer.h"
#include "db/bulkload.h"
#include "db/database.h"

#include <QRegularExpression>

#include <optional>

namespace shop {

namespace {

const QString kAnyProduct = QStringLiteral(R"(
    SELECT count(*) FROM (SELECT 1 FROM catalog.products LIMIT 1) AS any_product)");

// Twenty departments, five ranges each ("Garden 3"); names already there are reused.
const QString kInsertCategories = QStringLiteral(R"(
    INSERT INTO catalog.categories (name, description)
    SELECT d.names[1 + (k - 1) % 20] || ' ' || (1 + (k - 1) / 20), 'Generated demo range'
      FROM generate_series(1, $1::integer) k,
           (SELECT '{Coffee,Tea,Kitchen,Garden,Books,Toys,Sports,Office,Audio,Lighting,Bath,Bedding,Tools,Pets,
                     Baby,Crafts,Outdoor,Games,Storage,Travel}'::text[] AS names) d
    ON CONFLICT (name) DO NOTHING)");

// Product g gets its attributes from a hash of g, so they look random but a
// run is repeatable; created_at grows with g, over two years up to now.
const QString kInsertProducts = QStringLiteral(R"(
    INSERT INTO catalog.products (sku, name, description, price_cents, inventory_quantity, category_id, is_active,
                                  created_at, updated_at)
    SELECT 'G' || $1::text || '-' || lpad(s.g::text, 8, '0'),
           w.adj[1 + s.h % 16] || ' ' || w.mat[1 + s.h / 16 % 12] || ' ' || w.noun[1 + s.h / 192 % 24]
               || ' ' || (1 + s.h / 4608 % 500),
           CASE WHEN s.h % 4 = 0 THEN NULL ELSE 'Generated demo product number ' || s.g END,
           99 + s.h / 7 % 49901,
           s.h / 11 % 500,
           c.ids[1 + s.h / 13 % cardinality(c.ids)],
           s.h % 20 <> 0,
           s.at, s.at
      FROM (SELECT g, abs(hashint8(g)::bigint) AS h,
                   date_trunc('milliseconds', now() - ($2::bigint - g) * (interval '730 days' / $2::bigint)) AS at
              FROM generate_series(1::bigint, $2::bigint) g) s,
           (SELECT array_agg(id ORDER BY name) AS ids FROM catalog.categories
             WHERE description = 'Generated demo range') c,
           (SELECT '{Sturdy,Classic,Compact,Deluxe,Eco,Handmade,Large,Light,Modern,Premium,Rustic,Small,Smart,Soft,
                     Travel,Vintage}'::text[] AS adj,
                   '{oak,steel,glass,cotton,linen,ceramic,bamboo,copper,leather,wool,stone,paper}'::text[] AS mat,
                   '{mug,kettle,lamp,chair,basket,grinder,notebook,blanket,bottle,bowl,brush,candle,clock,cushion,jar,
                     knife,pan,planter,rug,scarf,shelf,tray,vase,wallet}'::text[] AS noun) w)");

// The counting trigger would bump a counter row per product; it is off
// while the rows go in (ALTER TABLE is transactional, and its lock keeps
// every other writer out until commit), and the counters are recounted.
const QString kStopCounting = QStringLiteral(
    "ALTER TABLE catalog.products DISABLE TRIGGER products_counted_on_insert_or_delete");
const QString kResumeCounting = QStringLiteral(
    "ALTER TABLE catalog.products ENABLE TRIGGER products_counted_on_insert_or_delete");
const QString kRecount = QStringLiteral(R"(
    INSERT INTO catalog.product_counts (category_id, is_active, product_count)
    SELECT category_id, is_active, count(*) FROM catalog.products GROUP BY category_id, is_active
    ON CONFLICT (category_id, is_active) DO UPDATE SET product_count = EXCLUDED.product_count)");

DbResult<Done> exec(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return query.lastError();
    return Done{};
}

} // namespace

DemoCatalogGenerator::DemoCatalogGenerator(Database &database)
    : m_database(database)
{
}

DbResult<bool> DemoCatalogGenerator::isEmpty() const
{
    const DbResult<qint64> any = fetchNumber(*m_database.prepared(kAnyProduct), {});
    if (!any)
        return any.error();
    return any.value() == 0;
}

DbResult<qint64> DemoCatalogGenerator::generate(qint64 count, const QString &runToken)
{
    static const QRegularExpression kToken(QStringLiteral("^[A-Z0-9]{1,20}$"));
    if (count < 1 || count > kMaxProducts || !kToken.match(runToken).hasMatch())
        return QSqlError(QStringLiteral("bad product count or run token"), {}, QSqlError::StatementError);
    QSqlDatabase db = m_database.connection();
    if (!db.isOpen())
        return db.lastError();
    StepTimer steps("seed-demo");
    Transaction transaction(db);
    if (const DbResult<Done> categories = m_database.execute(kInsertCategories, {kCategories}); !categories)
        return categories.error();
    if (const DbResult<Done> stopped = exec(db, kStopCounting); !stopped)
        return stopped.error();
    // Into an empty table, building the keys and indexes and checking the
    // foreign keys once after the load is far cheaper than row by row. Into
    // a table that already holds products (--force), a rebuild would redo
    // the indexes of every row already there: those loads keep them.
    const DbResult<bool> wasEmpty = isEmpty();
    if (!wasEmpty)
        return wasEmpty.error();
    std::optional<BulkLoad> load;
    if (wasEmpty.value()) {
        DbResult<BulkLoad> prepared = BulkLoad::prepare(db, {QStringLiteral("catalog.products")});
        if (!prepared)
            return prepared.error();
        load = prepared.value();
    }
    const DbResult<int> added = m_database.executeAndCount(kInsertProducts, {runToken, count});
    if (!added)
        return added.error();
    steps.done(QStringLiteral("products: inserted"));
    if (load) {
        if (const DbResult<Done> finished = load->finish(db, steps); !finished)
            return finished.error();
    }
    if (const DbResult<Done> resumed = exec(db, kResumeCounting); !resumed)
        return resumed.error();
    if (const DbResult<Done> recounted = m_database.execute(kRecount, {}); !recounted)
        return recounted.error();
    if (!transaction.commit())
        return transaction.error();
    steps.done(QStringLiteral("products: counters recounted, committed"));
    // Fresh statistics for the planner, and a visibility map, without which
    // no index-only scan skips the table (deep pages, docs/performance.md).
    if (const DbResult<Done> vacuumed = exec(db, QStringLiteral("VACUUM (ANALYZE) catalog.products")); !vacuumed)
        return vacuumed.error();
    steps.done(QStringLiteral("products: vacuumed and analysed"));
    return qint64{added.value()};
}

} // namespace shop
