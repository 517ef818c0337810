#include "stockreservationrepository.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

StockReservationRepository::StockReservationRepository(Database &database)
    : m_database(database)
{
}

QSqlError StockReservationRepository::releaseOrder(const QUuid &orderId, const QString &reason, qint64 &units)
{
    units = 0;
    // The reservations first: a second release of the same order (a failed
    // payment and a cancellation arriving together) waits here and then
    // finds them released. Then the products in id order, as checkout locks
    // them, so the two never deadlock.
    auto reserved = m_database.prepared(QStringLiteral(
        "SELECT coalesce(sum(quantity), 0) FROM ("
        "  SELECT quantity FROM catalog.stock_reservations "
        "   WHERE order_id = $1 AND released_at IS NULL ORDER BY product_id FOR UPDATE) r"));
    if (!execPrepared(*reserved, {idText(orderId)}))
        return reserved->lastError();
    if (reserved->next())
        units = reserved->value(0).toLongLong();
    reserved->finish();
    if (units == 0)
        return {};
    auto locked = m_database.prepared(QStringLiteral(
        "SELECT p.id FROM catalog.products p "
        " WHERE p.id IN (SELECT product_id FROM catalog.stock_reservations WHERE order_id = $1) "
        " ORDER BY p.id FOR NO KEY UPDATE"));
    if (!execPrepared(*locked, {idText(orderId)}))
        return locked->lastError();
    locked->finish();
    // version moves, as with checkout: an edit based on the old stock must reload.
    if (QSqlError e = m_database.execute(
            QStringLiteral("UPDATE catalog.products p "
                           "   SET inventory_quantity = p.inventory_quantity + r.quantity, version = p.version + 1, "
                           "       updated_at = now() "
                           "  FROM catalog.stock_reservations r "
                           " WHERE r.order_id = $1 AND r.released_at IS NULL AND r.product_id = p.id"),
            {idText(orderId)});
        e.isValid())
        return e;
    return m_database.execute(
        QStringLiteral("UPDATE catalog.stock_reservations SET released_at = now(), release_reason = $2 "
                       " WHERE order_id = $1 AND released_at IS NULL"),
        {idText(orderId), reason});
}

} // namespace shop
