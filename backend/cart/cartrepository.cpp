#include "cartrepository.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

// One statement, so cart and items come from one snapshot even outside a
// transaction. Lines keep the order they were added in; the SKU breaks ties
// between lines added within the same millisecond.
const QString kSelectLive = QStringLiteral(R"(
    SELECT c.id, c.created_at, c.updated_at, c.expires_at,
           i.id, i.product_id, i.product_sku, i.product_name, i.quantity, i.price_snapshot_cents
      FROM catalog.carts c LEFT JOIN catalog.cart_items i ON i.cart_id = c.id
     WHERE c.session_id = $1 AND c.expires_at > $2
     ORDER BY i.created_at, i.product_sku, i.id)");

const QString kLockLive = QStringLiteral(R"(
    SELECT id FROM catalog.carts WHERE session_id = $1 AND expires_at > $2 FOR UPDATE)");

// The product is read without a lock, as any catalog read. An expired cart
// is gone as far as clients can tell, even before the purge job removed it:
// the next add deletes it (`expired`) and starts a new cart; the insert
// reads `expired`, so the delete runs first, and a row deleted earlier in
// the same statement is no conflict for ON CONFLICT. The upsert locks the
// cart row, so a concurrent add to the same cart waits there; the line's
// upsert then sees that add's committed line (ON CONFLICT reads the latest
// row, not the statement's snapshot), and its WHERE checks the stock
// against that latest quantity.
const QString kAddItem = QStringLiteral(R"(
    WITH product AS MATERIALIZED (
        SELECT id, sku, name, price_cents, inventory_quantity, is_active FROM catalog.products WHERE id = $2),
    expired AS (
        DELETE FROM catalog.carts
         WHERE session_id = $1 AND expires_at <= $3 AND EXISTS (SELECT FROM product WHERE is_active)
        RETURNING id),
    cart AS (
        INSERT INTO catalog.carts (session_id, created_at, updated_at, expires_at)
        SELECT $1, $3, $3, $4 FROM product WHERE is_active AND (SELECT count(*) FROM expired) >= 0
        ON CONFLICT (session_id) DO UPDATE SET updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at
        RETURNING id),
    item AS (
        INSERT INTO catalog.cart_items
            (cart_id, product_id, product_sku, product_name, quantity, price_snapshot_cents, created_at, updated_at)
        SELECT cart.id, product.id, product.sku, product.name, $5, product.price_cents, $3, $3
          FROM cart, product
         WHERE $5 <= product.inventory_quantity
        ON CONFLICT (cart_id, product_id) DO UPDATE
           SET quantity = catalog.cart_items.quantity + EXCLUDED.quantity,
               price_snapshot_cents = EXCLUDED.price_snapshot_cents, updated_at = EXCLUDED.updated_at
         WHERE catalog.cart_items.quantity::bigint + EXCLUDED.quantity <= (SELECT inventory_quantity FROM product)
        RETURNING id)
    SELECT id, sku, name, price_cents, inventory_quantity, is_active, (SELECT count(*) FROM item) FROM product)");

const QString kTouch = QStringLiteral(R"(
    UPDATE catalog.carts SET updated_at = $2, expires_at = $3 WHERE id = $1)");

const QString kDeleteLive = QStringLiteral(R"(
    DELETE FROM catalog.carts WHERE session_id = $1 AND expires_at > $2)");

const QString kSelectItemProduct = QStringLiteral(R"(
    SELECT p.id, p.sku, p.name, p.price_cents, p.inventory_quantity, p.is_active
      FROM catalog.cart_items i JOIN catalog.products p ON p.id = i.product_id
     WHERE i.id = $1 AND i.cart_id = $2)");

const QString kSetItemQuantity = QStringLiteral(R"(
    UPDATE catalog.cart_items SET quantity = $2, price_snapshot_cents = $3, updated_at = $4 WHERE id = $1)");

const QString kRefreshPrices = QStringLiteral(R"(
    UPDATE catalog.cart_items i SET price_snapshot_cents = p.price_cents, updated_at = $2
      FROM catalog.products p
     WHERE i.cart_id = $1 AND p.id = i.product_id AND i.price_snapshot_cents <> p.price_cents)");

const QString kDeleteItem = QStringLiteral(R"(
    DELETE FROM catalog.cart_items WHERE id = $1 AND cart_id = $2)");

const QString kDeleteExpired = QStringLiteral(R"(
    DELETE FROM catalog.carts WHERE expires_at <= $1)");

const QString kCountLive = QStringLiteral(R"(
    SELECT count(*) FROM catalog.carts WHERE expires_at > $1)");

CartProduct productFrom(const QSqlQuery &query)
{
    return {idValue(query.value(0)), query.value(1).toString(), query.value(2).toString(),
            Money::fromCents(query.value(3).toLongLong()), query.value(4).toInt(), query.value(5).toBool()};
}

QUuid idFrom(const QSqlQuery &query)
{
    return idValue(query.value(0));
}

} // namespace

CartRepository::CartRepository(Database &database)
    : m_database(database)
{
}

DbResult<std::optional<Cart>> CartRepository::findLive(const QString &sessionId, const QDateTime &now)
{
    auto query = m_database.prepared(kSelectLive);
    if (!execPrepared(*query, {sessionId, now}))
        return query->lastError();
    std::optional<Cart> cart;
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
    return cart;
}

DbResult<std::optional<QUuid>> CartRepository::lockLive(const QString &sessionId, const QDateTime &now)
{
    return fetchFirst(*m_database.prepared(kLockLive), {sessionId, now}, idFrom);
}

DbResult<Done> CartRepository::touch(const QUuid &cartId, const QDateTime &now)
{
    return m_database.execute(kTouch, {idText(cartId), now, cartExpiryAfter(now)});
}

DbResult<bool> CartRepository::deleteLive(const QString &sessionId, const QDateTime &now)
{
    return touchedAny(m_database.executeAndCount(kDeleteLive, {sessionId, now}));
}

DbResult<CartAddition> CartRepository::addItem(const QString &sessionId, const QUuid &productId, int quantity,
                                               const QDateTime &now)
{
    const DbResult<std::optional<CartAddition>> addition = fetchFirst(
        *m_database.prepared(kAddItem), {sessionId, idText(productId), now, cartExpiryAfter(now), quantity},
        [](const QSqlQuery &query) { return CartAddition{productFrom(query), query.value(6).toLongLong() > 0}; });
    if (!addition)
        return addition.error();
    return addition.value().value_or(CartAddition()); // no row: no such product
}

DbResult<std::optional<CartProduct>> CartRepository::findItemProduct(const QUuid &cartId, const QUuid &itemId)
{
    return fetchFirst(*m_database.prepared(kSelectItemProduct), {idText(itemId), idText(cartId)}, productFrom);
}

DbResult<Done> CartRepository::setItemQuantity(const QUuid &itemId, int quantity, const Money &price,
                                               const QDateTime &now)
{
    return m_database.execute(kSetItemQuantity, {idText(itemId), quantity, price.cents(), now});
}

DbResult<Done> CartRepository::refreshPrices(const QUuid &cartId, const QDateTime &now)
{
    return m_database.execute(kRefreshPrices, {idText(cartId), now});
}

DbResult<bool> CartRepository::deleteItem(const QUuid &cartId, const QUuid &itemId)
{
    return touchedAny(m_database.executeAndCount(kDeleteItem, {idText(itemId), idText(cartId)}));
}

DbResult<int> CartRepository::purgeExpired(const QDateTime &now)
{
    return m_database.executeAndCount(kDeleteExpired, {now});
}

DbResult<qint64> CartRepository::countLive(const QDateTime &now)
{
    return fetchNumber(*m_database.prepared(kCountLive), {now});
}

} // namespace shop
