#include "cartrepository.h"

#include "core/ids.h"
#include "db/database.h"

#include <chrono>

namespace shop {

namespace {

QDateTime expiryAfter(const QDateTime &now)
{
    return now.addSecs(std::chrono::duration_cast<std::chrono::seconds>(kCartLifetime).count());
}

CartProduct productFrom(const QSqlQuery &query)
{
    return {idValue(query.value(0)), query.value(1).toString(), query.value(2).toString(),
            Money::fromCents(query.value(3).toLongLong()), query.value(4).toInt(), query.value(5).toBool()};
}

} // namespace

CartRepository::CartRepository(Database &database)
    : m_database(database)
{
}

QSqlError CartRepository::findLive(const QString &sessionId, const QDateTime &now, std::optional<Cart> &cart)
{
    // One statement, so cart and items come from one snapshot even outside
    // a transaction. Lines keep the order they were added in; the SKU breaks
    // ties between lines added within the same millisecond.
    auto query = m_database.prepared(QStringLiteral(
        "SELECT c.id, c.created_at, c.updated_at, c.expires_at, "
        "       i.id, i.product_id, i.product_sku, i.product_name, i.quantity, i.price_snapshot_cents "
        "  FROM catalog.carts c LEFT JOIN catalog.cart_items i ON i.cart_id = c.id "
        " WHERE c.session_id = $1 AND c.expires_at > $2 "
        " ORDER BY i.created_at, i.product_sku, i.id"));
    if (!execPrepared(*query, {sessionId, now}))
        return query->lastError();
    cart.reset();
    while (query->next()) {
        if (!cart) {
            cart = Cart{idValue(query->value(0)), sessionId, {}, query->value(1).toDateTime().toUTC(),
                        query->value(2).toDateTime().toUTC(), query->value(3).toDateTime().toUTC()};
        }
        if (query->isNull(4))
            continue; // a cart without items
        cart->items.append({idValue(query->value(4)), idValue(query->value(5)), query->value(6).toString(),
                            query->value(7).toString(), query->value(8).toInt(),
                            Money::fromCents(query->value(9).toLongLong())});
    }
    query->finish();
    return {};
}

QSqlError CartRepository::lockLive(const QString &sessionId, const QDateTime &now, std::optional<QUuid> &cartId)
{
    auto query = m_database.prepared(QStringLiteral(
        "SELECT id FROM catalog.carts WHERE session_id = $1 AND expires_at > $2 FOR UPDATE"));
    if (!execPrepared(*query, {sessionId, now}))
        return query->lastError();
    cartId.reset();
    if (query->next())
        cartId = idValue(query->value(0));
    query->finish();
    return {};
}

QSqlError CartRepository::openForChange(const QString &sessionId, const QDateTime &now, QUuid &cartId)
{
    // An expired cart is gone as far as clients can tell, even before the
    // purge job removed it: the next add starts a new cart, not the old one.
    if (QSqlError e = m_database.execute(
            QStringLiteral("DELETE FROM catalog.carts WHERE session_id = $1 AND expires_at <= $2"), {sessionId, now});
        e.isValid())
        return e;
    auto upsert = m_database.prepared(QStringLiteral(
        "INSERT INTO catalog.carts (session_id, created_at, updated_at, expires_at) VALUES ($1, $2, $2, $3) "
        "ON CONFLICT (session_id) DO UPDATE SET updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at "
        "RETURNING id"));
    if (!execPrepared(*upsert, {sessionId, now, expiryAfter(now)}))
        return upsert->lastError();
    if (upsert->next())
        cartId = idValue(upsert->value(0));
    upsert->finish();
    return {};
}

QSqlError CartRepository::touch(const QUuid &cartId, const QDateTime &now)
{
    return m_database.execute(QStringLiteral(
        "UPDATE catalog.carts SET updated_at = $2, expires_at = $3 WHERE id = $1"),
        {idText(cartId), now, expiryAfter(now)});
}

QSqlError CartRepository::deleteLive(const QString &sessionId, const QDateTime &now, bool &deleted)
{
    int rows = 0;
    const QSqlError error = m_database.execute(QStringLiteral(
        "DELETE FROM catalog.carts WHERE session_id = $1 AND expires_at > $2"),
        {sessionId, now}, &rows);
    deleted = rows > 0;
    return error;
}

QSqlError CartRepository::deleteCart(const QUuid &cartId)
{
    return m_database.execute(QStringLiteral("DELETE FROM catalog.carts WHERE id = $1"), {idText(cartId)});
}

QSqlError CartRepository::findProduct(const QUuid &productId, std::optional<CartProduct> &product)
{
    auto query = m_database.prepared(QStringLiteral(
        "SELECT id, sku, name, price_cents, inventory_quantity, is_active FROM catalog.products WHERE id = $1"));
    if (!execPrepared(*query, {idText(productId)}))
        return query->lastError();
    product.reset();
    if (query->next())
        product = productFrom(*query);
    query->finish();
    return {};
}

QSqlError CartRepository::findItemProduct(const QUuid &cartId, const QUuid &itemId,
                                          std::optional<CartProduct> &product)
{
    auto query = m_database.prepared(QStringLiteral(
        "SELECT p.id, p.sku, p.name, p.price_cents, p.inventory_quantity, p.is_active "
        "  FROM catalog.cart_items i JOIN catalog.products p ON p.id = i.product_id "
        " WHERE i.id = $1 AND i.cart_id = $2"));
    if (!execPrepared(*query, {idText(itemId), idText(cartId)}))
        return query->lastError();
    product.reset();
    if (query->next())
        product = productFrom(*query);
    query->finish();
    return {};
}

QSqlError CartRepository::itemQuantity(const QUuid &cartId, const QUuid &productId, qint64 &quantity)
{
    auto query = m_database.prepared(QStringLiteral(
        "SELECT quantity FROM catalog.cart_items WHERE cart_id = $1 AND product_id = $2"));
    if (!execPrepared(*query, {idText(cartId), idText(productId)}))
        return query->lastError();
    quantity = query->next() ? query->value(0).toLongLong() : 0;
    query->finish();
    return {};
}

QSqlError CartRepository::addToItem(const QUuid &cartId, const CartProduct &product, int quantity,
                                    const QDateTime &now)
{
    return m_database.execute(QStringLiteral(
        "INSERT INTO catalog.cart_items "
        "    (cart_id, product_id, product_sku, product_name, quantity, price_snapshot_cents, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $7) "
        "ON CONFLICT (cart_id, product_id) DO UPDATE "
        "   SET quantity = catalog.cart_items.quantity + EXCLUDED.quantity, updated_at = EXCLUDED.updated_at"),
        {idText(cartId), idText(product.id), product.sku, product.name, quantity,
                               product.price.cents(), now});
}

QSqlError CartRepository::setItemQuantity(const QUuid &itemId, int quantity, const QDateTime &now)
{
    return m_database.execute(QStringLiteral(
        "UPDATE catalog.cart_items SET quantity = $2, updated_at = $3 WHERE id = $1"),
        {idText(itemId), quantity, now});
}

QSqlError CartRepository::deleteItem(const QUuid &cartId, const QUuid &itemId, bool &deleted)
{
    int rows = 0;
    const QSqlError error = m_database.execute(QStringLiteral(
        "DELETE FROM catalog.cart_items WHERE id = $1 AND cart_id = $2"),
        {idText(itemId), idText(cartId)}, &rows);
    deleted = rows > 0;
    return error;
}

QSqlError CartRepository::purgeExpired(const QDateTime &now, int &deleted)
{
    return m_database.execute(QStringLiteral("DELETE FROM catalog.carts WHERE expires_at <= $1"), {now}, &deleted);
}

QSqlError CartRepository::countLive(const QDateTime &now, qint64 &count)
{
    auto query = m_database.prepared(QStringLiteral("SELECT count(*) FROM catalog.carts WHERE expires_at > $1"));
    if (!execPrepared(*query, {now}))
        return query->lastError();
    count = query->next() ? query->value(0).toLongLong() : 0;
    query->finish();
    return {};
}

} // namespace shop
