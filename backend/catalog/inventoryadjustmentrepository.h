#pragma once

#include "catalogtypes.h"
#include "db/dbresult.h"

namespace shop {

class Database;

// All SQL on catalog.inventory_adjustments, the record of manual stock
// changes. Runs on the calling thread's connection; the caller owns the
// transaction that also changes the product's stock.
class InventoryAdjustmentRepository
{
public:
    explicit InventoryAdjustmentRepository(Database &database);

    DbResult<Done> insert(const InventoryAdjustment &adjustment) const;
    // Newest first.
    DbResult<QList<InventoryAdjustment>> findForProduct(const QUuid &productId, int limit) const;

private:
    Database &m_database;
};

} // namespace shop
