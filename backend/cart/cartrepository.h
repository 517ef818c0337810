#pragma once

#include "carttypes.h"
#include "db/dbresult.h"

#include <optional>

namespace shop {

class Database;

// What CartRepository::addItem found and did: the product as read (absent
// when there is none) and whether the line was added to.
struct CartAddition
{
    std::optional<CartProduct> product;
    bool added = false;
};

// The SQL of carts and cart items. Every method runs on the calling thread's
// connection, inside whatever transaction the service opened there, and
// answers its rows or the driver's error; the service decides what the
// client sees. Expiry is judged against the `now` passed in (the service's
// Clock), never against the database's own time.
class CartRepository
{
public:
    explicit CartRepository(Database &database);

    // The cart of a session with its items, unless absent or expired.
    DbResult<std::optional<Cart>> findLive(const QString &sessionId, const QDateTime &now);
    // Locks the live cart's row for the rest of the transaction, so changes
    // to one cart (and its checkout) happen one after the other.
    DbResult<std::optional<QUuid>> lockLive(const QString &sessionId, const QDateTime &now);
    DbResult<Done> touch(const QUuid &cartId, const QDateTime &now);
    // False when the session has no live cart.
    DbResult<bool> deleteLive(const QString &sessionId, const QDateTime &now);

    // Adds quantity of an active product to the session's cart in one
    // statement: replaces an expired cart by a fresh one or renews the live
    // one (its row locked, its expiry pushed back), then adds a line with
    // the product's current price or adds to the quantity of the existing
    // line, whose price snapshot then becomes the current price too (more of
    // a product is always sold at today's price). Adds nothing when the
    // product is absent or inactive, or when the line would exceed the
    // stock, judged against the line's latest quantity under the cart's lock.
    DbResult<CartAddition> addItem(const QString &sessionId, const QUuid &productId, int quantity,
                                   const QDateTime &now);
    // The product behind a line of the given cart, if the line exists.
    DbResult<std::optional<CartProduct>> findItemProduct(const QUuid &cartId, const QUuid &itemId);
    // Sets a line's quantity and its price snapshot (the product's current price).
    DbResult<Done> setItemQuantity(const QUuid &itemId, int quantity, const Money &price, const QDateTime &now);
    // Gives every line of the cart whose product's price changed the current
    // price; checkout calls it with the product rows locked.
    DbResult<Done> refreshPrices(const QUuid &cartId, const QDateTime &now);
    // False when the cart has no such line.
    DbResult<bool> deleteItem(const QUuid &cartId, const QUuid &itemId);

    // Answers how many carts went.
    DbResult<int> purgeExpired(const QDateTime &now);
    DbResult<qint64> countLive(const QDateTime &now);

private:
    Database &m_database;
};

} // namespace shop
