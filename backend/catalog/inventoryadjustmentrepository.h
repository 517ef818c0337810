#pragma once

#include "catalogtypes.h"

#include <QSqlError>

namespace shop {

class Database;

// All SQL on catalog.inventory_adjustments, the record of manual stock
// changes. Runs on the calling thread's connection; the caller owns the
// transaction that also changes the product's stock.
class InventoryAdjustmentRepository
{
public:
    explicit InventoryAdjustmentRepository(Database &database);

    QSqlError insert(const InventoryAdjustment &adjustment) const;
    // Newest first.
    QSqlError findForProduct(const QUuid &productId, int limit, QList<InventoryAdjustment> &adjustments) const;

private:
    Database &m_database;
};

} // namespace shop
