#include "inventoryadjustmentrepository.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

const QString kInsert = QStringLiteral(R"(
    INSERT INTO catalog.inventory_adjustments (product_id, delta, quantity_after, reason, adjusted_by, adjusted_at)
    VALUES ($1, $2, $3, $4, $5, $6))");

const QString kSelectForProduct = QStringLiteral(R"(
    SELECT id, product_id, delta, quantity_after, reason, adjusted_by, adjusted_at
      FROM catalog.inventory_adjustments
     WHERE product_id = $1
     ORDER BY adjusted_at DESC, id DESC
     LIMIT $2)");

InventoryAdjustment fromRow(const QSqlQuery &query)
{
    InventoryAdjustment adjustment;
    adjustment.id = query.value(0).toLongLong();
    adjustment.productId = query.value(1).toUuid();
    adjustment.delta = query.value(2).toLongLong();
    adjustment.quantityAfter = query.value(3).toLongLong();
    adjustment.reason = query.value(4).toString();
    adjustment.adjustedBy = query.value(5).toString();
    adjustment.adjustedAt = query.value(6).toDateTime();
    return adjustment;
}

} // namespace

InventoryAdjustmentRepository::InventoryAdjustmentRepository(Database &database)
    : m_database(database)
{
}

DbResult<Done> InventoryAdjustmentRepository::insert(const InventoryAdjustment &adjustment) const
{
    return m_database.execute(kInsert, {idText(adjustment.productId), adjustment.delta, adjustment.quantityAfter,
                                        adjustment.reason, adjustment.adjustedBy, adjustment.adjustedAt});
}

DbResult<QList<InventoryAdjustment>> InventoryAdjustmentRepository::findForProduct(const QUuid &productId,
                                                                                   int limit) const
{
    return fetchAll(*m_database.prepared(kSelectForProduct), {idText(productId), limit}, fromRow);
}

} // namespace shop
