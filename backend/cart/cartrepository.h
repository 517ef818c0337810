#pragma once

#include "carttypes.h"

#include <QSqlError>

#include <optional>

namespace shop {

class Database;

// The SQL of carts and cart items. Every method runs on the calling thread's
// connection, inside whatever transaction the service opened there, and
// returns the driver's error (invalid when the statement worked); the
// service decides what the client sees. Expiry is judged against the `now`
// passed in (the service's Clock), never against the database's own time.
class CartRepository
{
public:
    explicit CartRepository(Database &database);

    // The cart of a session with its items, unless absent or expired.
    QSqlError findLive(const QString &sessionId, const QDateTime &now, std::optional<Cart> &cart);
    // Locks the live cart's row for the rest of the transaction, so changes
    // to one cart (and its checkout) happen one after the other.
    QSqlError lockLive(const QString &sessionId, const QDateTime &now, std::optional<QUuid> &cartId);
    // Replaces an expired cart of the session by a fresh one, or renews the
    // live one; either way the row is locked and its expiry pushed back.
    QSqlError openForChange(const QString &sessionId, const QDateTime &now, QUuid &cartId);
    QSqlError touch(const QUuid &cartId, const QDateTime &now);
    QSqlError deleteLive(const QString &sessionId, const QDateTime &now, bool &deleted);
    QSqlError deleteCart(const QUuid &cartId);

    QSqlError findProduct(const QUuid &productId, std::optional<CartProduct> &product);
    // The product behind a line of the given cart, if the line exists.
    QSqlError findItemProduct(const QUuid &cartId, const QUuid &itemId, std::optional<CartProduct> &product);
    QSqlError itemQuantity(const QUuid &cartId, const QUuid &productId, qint64 &quantity);
    // Adds a line with the product's current price, or adds to the quantity
    // of the existing line (keeping its original price snapshot).
    QSqlError addToItem(const QUuid &cartId, const CartProduct &product, int quantity, const QDateTime &now);
    QSqlError setItemQuantity(const QUuid &itemId, int quantity, const QDateTime &now);
    QSqlError deleteItem(const QUuid &cartId, const QUuid &itemId, bool &deleted);

    QSqlError purgeExpired(const QDateTime &now, int &deleted);
    QSqlError countLive(const QDateTime &now, qint64 &count);

private:
    Database &m_database;
};

} // namespace shop
