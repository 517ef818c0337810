#pragma once

#include "db/dbresult.h"

#include <QString>
#include <QUuid>

namespace shop {

class Database;

// The SQL of giving stock back (catalog.stock_reservations, products). Runs on the calling thread's connection inside
// the caller's transaction.
class StockReservationRepository
{
public:
    explicit StockReservationRepository(Database &database);

    // Adds the order's reserved quantities back to its products and marks
    // the reservations released; answers how many units went back, 0 when
    // they were released before (or the order reserved nothing).
    DbResult<qint64> releaseOrder(const QUuid &orderId, const QString &reason);

private:
    Database &m_database;
};

} // namespace shop
