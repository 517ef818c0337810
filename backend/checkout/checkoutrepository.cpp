#include "checkoutrepository.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

CheckoutRepository::CheckoutRepository(Database &database)
    : m_database(database)
{
}

QSqlError CheckoutRepository::lockLines(const QUuid &cartId, QList<LockedLine> &lines)
{
    // PostgreSQL locks the rows as the sorted result is produced, so ORDER BY
    // p.id is also the locking order. Under READ COMMITTED a row that another
    // checkout changed is re-read after that one commits: the stock seen here
    // is the latest. NO KEY UPDATE (what the UPDATE below takes anyway)
    // serialises checkouts of a product but, unlike FOR UPDATE, does not
    // block carts meanwhile adding that product (their foreign key check
    // takes KEY SHARE).
    auto query = m_database.prepared(QStringLiteral(
        "SELECT i.product_id, i.product_sku, i.product_name, i.quantity, i.price_snapshot_cents, "
        "       p.inventory_quantity, p.is_active "
        "  FROM catalog.cart_items i JOIN catalog.products p ON p.id = i.product_id "
        " WHERE i.cart_id = $1 "
        " ORDER BY p.id "
        "   FOR NO KEY UPDATE OF p"));
    if (!execPrepared(*query, {idText(cartId)}))
        return query->lastError();
    lines.clear();
    while (query->next()) {
        lines.append({{QUuid::fromString(query->value(0).toString()), query->value(1).toString(),
                       query->value(2).toString(), query->value(3).toInt(),
                       Money::fromCents(query->value(4).toLongLong())},
                      query->value(5).toInt(),
                      query->value(6).toBool()});
    }
    query->finish();
    return {};
}

QSqlError CheckoutRepository::decrementStock(const QUuid &cartId, const QDateTime &now)
{
    // version moves too: a manager's edit based on the old row must not
    // write a stale inventoryQuantity back (optimistic lock of the catalog).
    return m_database.execute(QStringLiteral(
        "UPDATE catalog.products p "
        "   SET inventory_quantity = p.inventory_quantity - i.quantity, version = p.version + 1, updated_at = $2 "
        "  FROM catalog.cart_items i "
        " WHERE i.cart_id = $1 AND i.product_id = p.id"),
        {idText(cartId), now});
}

QSqlError CheckoutRepository::reserveStock(const QUuid &orderId, const QUuid &cartId)
{
    return m_database.execute(QStringLiteral(
        "INSERT INTO catalog.stock_reservations (order_id, product_id, quantity) "
        "SELECT $1, product_id, quantity FROM catalog.cart_items WHERE cart_id = $2"),
        {idText(orderId), idText(cartId)});
}

QSqlError CheckoutRepository::nextOrderNumber(const QDate &day, QString &orderNumber)
{
    auto query = m_database.prepared(QStringLiteral("SELECT catalog.next_order_number($1)"));
    if (!execPrepared(*query, {day.toString(Qt::ISODate)}))
        return query->lastError();
    if (query->next())
        orderNumber = query->value(0).toString();
    query->finish();
    return {};
}

} // namespace shop
