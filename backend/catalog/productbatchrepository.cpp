#include "productbatchrepository.h"

#include "core/ids.h"
#include "db/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace shop {

namespace {

using catalog::ImportRow;

// The product counters (V7) are recounted after the batches (recountAndResumeCounting).
const QString kInsertBatch = QStringLiteral(R"(
    INSERT INTO catalog.products (sku, name, description, price_cents, inventory_quantity, category_id,
                                  is_active, created_at, updated_at)
    SELECT r.sku, r.name, r.description, r.price_cents, r.stock, r.category_id, r.active, $2, $2
      FROM jsonb_to_recordset($1::jsonb)
           AS r (sku text, name text, description text, price_cents bigint, stock integer, category_id uuid,
                 active boolean)
    ON CONFLICT (sku) DO NOTHING
    RETURNING sku)");

// The version in the WHERE is the optimistic lock: a product changed since
// the preview is left alone and missing from the answer. Its stock then is
// still stored_stock, what the preview read, so the ledger's delta is exact.
const QString kUpdateBatch = QStringLiteral(R"(
    WITH changed AS (
        UPDATE catalog.products p
           SET name = r.name, description = r.description, price_cents = r.price_cents,
               inventory_quantity = r.stock, category_id = r.category_id, is_active = r.active,
               updated_at = $2, version = p.version + 1
          FROM jsonb_to_recordset($1::jsonb)
               AS r (id uuid, expected_version bigint, stored_stock integer, name text, description text,
                     price_cents bigint, stock integer, category_id uuid, active boolean)
         WHERE p.id = r.id AND p.version = r.expected_version
        RETURNING p.id, r.stored_stock, p.inventory_quantity),
    recorded AS (
        INSERT INTO catalog.inventory_adjustments (product_id, delta, quantity_after, reason, adjusted_by, adjusted_at)
        SELECT id, inventory_quantity - stored_stock, inventory_quantity, $3, $4, $2
          FROM changed WHERE inventory_quantity <> stored_stock)
    SELECT id FROM changed)");

const QStringList kSuspendCounting = {
    QStringLiteral("ALTER TABLE catalog.products DISABLE TRIGGER products_counted_on_insert_or_delete"),
    QStringLiteral("ALTER TABLE catalog.products DISABLE TRIGGER products_counted_on_move")};

// Exact: no other transaction can write products while the triggers are off
// (the ALTER TABLE's lock), so the count is what the commit leaves.
const QStringList kRecountAndResume = {
    QStringLiteral(R"(
    INSERT INTO catalog.product_counts AS counts (category_id, is_active, product_count)
    SELECT category_id, is_active, count(*) FROM catalog.products GROUP BY category_id, is_active
    ON CONFLICT (category_id, is_active) DO UPDATE SET product_count = EXCLUDED.product_count
     WHERE counts.product_count <> EXCLUDED.product_count)"),
    QStringLiteral(R"(
    UPDATE catalog.product_counts counts SET product_count = 0
     WHERE product_count <> 0
       AND NOT EXISTS (SELECT 1 FROM catalog.products p
                        WHERE p.category_id = counts.category_id AND p.is_active = counts.is_active))"),
    QStringLiteral("ALTER TABLE catalog.products ENABLE TRIGGER products_counted_on_insert_or_delete"),
    QStringLiteral("ALTER TABLE catalog.products ENABLE TRIGGER products_counted_on_move")};

// Statements PostgreSQL cannot PREPARE (utility statements), run as they are.
DbResult<Done> executeEach(QSqlDatabase &db, const QStringList &statements)
{
    QSqlQuery query(db);
    for (const QString &statement : statements) {
        if (!query.exec(statement))
            return query.lastError();
    }
    return Done{};
}

const QString kSnapshot = QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");

QJsonObject productFields(const ImportRow &row)
{
    return {{QStringLiteral("sku"), row.product.sku},
            {QStringLiteral("name"), row.product.name},
            {QStringLiteral("description"), row.product.description ? QJsonValue(*row.product.description) : QJsonValue()},
            {QStringLiteral("price_cents"), row.product.price.cents()},
            {QStringLiteral("stock"), row.product.inventoryQuantity},
            {QStringLiteral("category_id"), idText(row.product.categoryId)},
            {QStringLiteral("active"), row.product.isActive}};
}

QString jsonText(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace

ProductBatchRepository::ProductBatchRepository(Database &database)
    : m_database(database)
{
}

DbResult<QSet<QString>> ProductBatchRepository::insertNew(const QList<ImportRow> &rows, const QDateTime &now) const
{
    QJsonArray batch;
    for (const ImportRow &row : rows)
        batch.append(productFields(row));
    const DbResult<QList<QString>> inserted = fetchAll(*m_database.prepared(kInsertBatch), {jsonText(batch), now},
                                                       [](const QSqlQuery &query) { return query.value(0).toString(); });
    if (!inserted)
        return inserted.error();
    return QSet<QString>(inserted.value().cbegin(), inserted.value().cend());
}

DbResult<QSet<QUuid>> ProductBatchRepository::updateUnchangedSince(const QList<ImportRow> &rows, const QDateTime &now,
                                                                   const QString &reason,
                                                                   const QString &adjustedBy) const
{
    QJsonArray batch;
    for (const ImportRow &row : rows) {
        QJsonObject fields = productFields(row);
        fields.insert(QStringLiteral("id"), idText(row.productId));
        fields.insert(QStringLiteral("expected_version"), row.expectedVersion);
        fields.insert(QStringLiteral("stored_stock"), row.storedStock);
        batch.append(fields);
    }
    const DbResult<QList<QUuid>> updated =
        fetchAll(*m_database.prepared(kUpdateBatch), {jsonText(batch), now, reason, adjustedBy},
                 [](const QSqlQuery &query) { return query.value(0).toUuid(); });
    if (!updated)
        return updated.error();
    return QSet<QUuid>(updated.value().cbegin(), updated.value().cend());
}

DbResult<Done> ProductBatchRepository::suspendCounting(QSqlDatabase &db)
{
    return executeEach(db, kSuspendCounting);
}

DbResult<Done> ProductBatchRepository::recountAndResumeCounting(QSqlDatabase &db)
{
    return executeEach(db, kRecountAndResume);
}

DbResult<Done> ProductBatchRepository::useSnapshot(QSqlDatabase &db)
{
    return executeEach(db, {kSnapshot});
}

} // namespace shop
