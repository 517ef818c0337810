#include "stockreservationrepository.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

// The reservations first: a second release of the same order (a failed
// payment and a cancellation arriving together) waits here and then finds
// them released. Then the products in id order, as checkout locks them, so
// the two never deadlock.
const QString kLockUnreleased = QStringLiteral(R"(
    SELECT coalesce(sum(quantity), 0) FROM (
      SELECT quantity FROM catalog.stock_reservations
       WHERE order_id = $1 AND released_at IS NULL
       ORDER BY product_id
         FOR UPDATE) r)");

const QString kLockProducts = QStringLiteral(R"(
    SELECT p.id FROM catalog.products p
     WHERE p.id IN (SELECT product_id FROM catalog.stock_reservations WHERE order_id = $1)
     ORDER BY p.id
       FOR NO KEY UPDATE)");

// version moves, as with checkout: an edit based on the old stock must reload.
const QString kRestock = QStringLiteral(R"(
    UPDATE catalog.products p
       SET inventory_quantity = p.inventory_quantity + r.quantity, version = p.version + 1, updated_at = now()
      FROM catalog.stock_reservations r
     WHERE r.order_id = $1 AND r.released_at IS NULL AND r.product_id = p.id)");

const QString kMarkReleased = QStringLiteral(R"(
    UPDATE catalog.stock_reservations SET released_at = now(), release_reason = $2
     WHERE order_id = $1 AND released_at IS NULL)");

} // namespace

StockReservationRepository::StockReservationRepository(Database &database)
    : m_database(database)
{
}

DbResult<qint64> StockReservationRepository::releaseOrder(const QUuid &orderId, const QString &reason)
{
    const DbResult<qint64> units = fetchNumber(*m_database.prepared(kLockUnreleased), {idText(orderId)});
    if (!units || units.value() == 0)
        return units;
    if (const DbResult<Done> locked = m_database.execute(kLockProducts, {idText(orderId)}); !locked)
        return locked.error();
    if (const DbResult<Done> restocked = m_database.execute(kRestock, {idText(orderId)}); !restocked)
        return restocked.error();
    if (const DbResult<Done> released = m_database.execute(kMarkReleased, {idText(orderId), reason}); !released)
        return released.error();
    return units;
}

} // namespace shop
