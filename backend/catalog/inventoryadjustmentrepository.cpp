#include "inventoryadjustmentrepository.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

const QString kInsert = QStringLiteral(
    "INSERT INTO catalog.inventory_adjustments (product_id, delta, quantity_after, reason, adjusted_by, adjusted_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)");

const QString kSelectForProduct = QStringLiteral(
    "SELECT id, product_id, delta, quantity_after, reason, adjusted_by, adjusted_at "
    "FROM catalog.inventory_adjustments WHERE product_id = $1 ORDER BY adjusted_at DESC, id DESC LIMIT $2");

} // namespace

InventoryAdjustmentRepository::InventoryAdjustmentRepository(Database &database)
    : m_database(database)
{
}

QSqlError InventoryAdjustmentRepository::insert(const InventoryAdjustment &adjustment) const
{
    return m_database.execute(kInsert, {idText(adjustment.productId), adjustment.delta, adjustment.quantityAfter,
                                        adjustment.reason, adjustment.adjustedBy, adjustment.adjustedAt});
}

QSqlError InventoryAdjustmentRepository::findForProduct(const QUuid &productId, int limit,
                                                        QList<InventoryAdjustment> &adjustments) const
{
    adjustments.clear();
    auto rows = m_database.prepared(kSelectForProduct);
    if (!execPrepared(*rows, {idText(productId), limit}))
        return rows->lastError();
    while (rows->next()) {
        InventoryAdjustment adjustment;
        adjustment.id = rows->value(0).toLongLong();
        adjustment.productId = rows->value(1).toUuid();
        adjustment.delta = rows->value(2).toLongLong();
        adjustment.quantityAfter = rows->value(3).toLongLong();
        adjustment.reason = rows->value(4).toString();
        adjustment.adjustedBy = rows->value(5).toString();
        adjustment.adjustedAt = rows->value(6).toDateTime();
        adjustments.append(adjustment);
    }
    rows->finish();
    return {};
}

} // namespace shop
