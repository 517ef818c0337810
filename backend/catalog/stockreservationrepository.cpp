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

const QString kLockReservation = QStringLiteral(R"(
    SELECT quantity, released_at IS NOT NULL FROM catalog.stock_reservations
     WHERE order_id = $1 AND product_id = $2
       FOR UPDATE)");

const QString kShrinkReservation = QStringLiteral(R"(
    UPDATE catalog.stock_reservations SET quantity = quantity - $3
     WHERE order_id = $1 AND product_id = $2)");

const QString kReleaseReturned = QStringLiteral(R"(
    UPDATE catalog.stock_reservations SET released_at = now(), release_reason = 'returned'
     WHERE order_id = $1 AND product_id = $2)");

const QString kAddStock = QStringLiteral(R"(
    UPDATE catalog.products SET inventory_quantity = inventory_quantity + $2, version = version + 1, updated_at = now()
     WHERE id = $1)");

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

DbResult<qint64> StockReservationRepository::releaseReturned(const QUuid &orderId,
                                                            const QList<std::pair<QUuid, int>> &units)
{
    // Product id order, as checkout and releaseOrder() lock them: no deadlock.
    QList<std::pair<QUuid, int>> sorted = units;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto &a, const auto &b) { return idText(a.first) < idText(b.first); });
    qint64 total = 0;
    for (const auto &[productId, quantity] : std::as_const(sorted)) {
        struct Held
        {
            int quantity;
            bool isReleased;
        };
        const DbResult<std::optional<Held>> held =
            fetchFirst(*m_database.prepared(kLockReservation), {idText(orderId), idText(productId)},
                       [](const QSqlQuery &query) { return Held{query.value(0).toInt(), query.value(1).toBool()}; });
        if (!held)
            return held.error();
        int back = quantity;
        if (held.value()) {
            if (held.value()->isReleased)
                continue; // the cancellation gave it all back already
            back = std::min(quantity, held.value()->quantity);
            const bool isAll = back == held.value()->quantity;
            const DbResult<Done> changed =
                isAll ? m_database.execute(kReleaseReturned, {idText(orderId), idText(productId)})
                      : m_database.execute(kShrinkReservation, {idText(orderId), idText(productId), back});
            if (!changed)
                return changed.error();
        }
        if (back <= 0)
            continue;
        if (const DbResult<Done> added = m_database.execute(kAddStock, {idText(productId), back}); !added)
            return added.error();
        total += back;
    }
    return total;
}

} // namespace shop
