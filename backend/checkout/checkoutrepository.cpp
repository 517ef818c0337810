#include "checkoutrepository.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

// PostgreSQL locks the rows as the sorted result is produced, so ORDER BY
// p.id is also the locking order. Under READ COMMITTED a row that another
// checkout changed is re-read after that one commits: the stock seen here is
// the latest. NO KEY UPDATE (what the UPDATE below takes anyway) serialises
// checkouts of a product but, unlike FOR UPDATE, does not block carts
// meanwhile adding that product (their foreign key check takes KEY SHARE).
const QString kLockLines = QStringLiteral(R"(
    SELECT i.product_id, i.product_sku, i.product_name, i.quantity, i.price_snapshot_cents,
           p.inventory_quantity, p.is_active, p.price_cents, p.reorder_level
      FROM catalog.cart_items i JOIN catalog.products p ON p.id = i.product_id
     WHERE i.cart_id = $1
     ORDER BY p.id
       FOR NO KEY UPDATE OF p)");

// version moves too: a manager's edit based on the old row must not write a
// stale inventoryQuantity back (optimistic lock of the catalog).
const QString kDecrementStock = QStringLiteral(R"(
    UPDATE catalog.products p
       SET inventory_quantity = p.inventory_quantity - i.quantity, version = p.version + 1, updated_at = $2
      FROM catalog.cart_items i
     WHERE i.cart_id = $1 AND i.product_id = p.id)");

const QString kReserveStock = QStringLiteral(R"(
    INSERT INTO catalog.stock_reservations (order_id, product_id, quantity)
    SELECT $1, product_id, quantity FROM catalog.cart_items WHERE cart_id = $2)");

const QString kNextOrderNumber = QStringLiteral(R"(
    SELECT catalog.next_order_number($1))");

LockedLine lockedLineFrom(const QSqlQuery &query)
{
    const QVariant reorderLevel = query.value(8);
    return {{QUuid::fromString(query.value(0).toString()), query.value(1).toString(), query.value(2).toString(),
             query.value(3).toInt(), Money::fromCents(query.value(4).toLongLong())},
            query.value(5).toInt(),
            query.value(6).toBool(),
            Money::fromCents(query.value(7).toLongLong()),
            reorderLevel.isNull() ? std::nullopt : std::optional<qint64>(reorderLevel.toLongLong())};
}

} // namespace

CheckoutRepository::CheckoutRepository(Database &database)
    : m_database(database)
{
}

DbResult<QList<LockedLine>> CheckoutRepository::lockLines(const QUuid &cartId)
{
    return fetchAll(*m_database.prepared(kLockLines), {idText(cartId)}, lockedLineFrom);
}

DbResult<Done> CheckoutRepository::decrementStock(const QUuid &cartId, const QDateTime &now)
{
    return m_database.execute(kDecrementStock, {idText(cartId), now});
}

DbResult<Done> CheckoutRepository::reserveStock(const QUuid &orderId, const QUuid &cartId)
{
    return m_database.execute(kReserveStock, {idText(orderId), idText(cartId)});
}

DbResult<QString> CheckoutRepository::nextOrderNumber(const QDate &day)
{
    const DbResult<std::optional<QString>> number =
        fetchFirst(*m_database.prepared(kNextOrderNumber), {day.toString(Qt::ISODate)},
                   [](const QSqlQuery &query) { return query.value(0).toString(); });
    if (!number)
        return number.error();
    return number.value().value_or(QString()); // the function always answers
}

} // namespace shop
