#pragma once

#include "db/dbresult.h"

#include <QList>
#include <QString>
#include <QUuid>

#include <utility>

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

    // Gives back the returned units (productId, quantity) of an order: the
    // order's reservations shrink by them (released when nothing is left),
    // so a later releaseOrder() gives back only the rest; units of a
    // reservation released before (the order was cancelled) are not given
    // twice; a product the order reserved nothing of (an order from before
    // reservations) gets its units. Answers how many units went back.
    DbResult<qint64> releaseReturned(const QUuid &orderId, const QList<std::pair<QUuid, int>> &units);

private:
    Database &m_database;
};

} // namespace shop
