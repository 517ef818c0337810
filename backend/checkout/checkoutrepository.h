#pragma once

#include "db/dbresult.h"
#include "events/ordercreatedevent.h"

#include <QDate>

namespace shop {

class Database;

// A cart line with its product row locked for the checkout transaction:
// line.priceSnapshot is the cart's price, currentPrice the product's now.
struct LockedLine
{
    OrderLine line;
    int inventoryQuantity = 0;
    bool isActive = false;
    Money currentPrice;
    std::optional<qint64> reorderLevel = std::nullopt; // the product's own; nullopt: the default

    bool priceChanged() const { return line.priceSnapshot != currentPrice; }
};

// The stock and order-number SQL of the checkout transaction. Runs on the
// calling thread's connection inside the caller's transaction and answers
// its rows or the driver's error.
class CheckoutRepository
{
public:
    explicit CheckoutRepository(Database &database);

    // The cart's lines, locking each product row FOR UPDATE in product id
    // order: every checkout takes its locks in the same global order, so two
    // carts sharing products wait for each other but never deadlock.
    DbResult<QList<LockedLine>> lockLines(const QUuid &cartId);
    // Takes each line's quantity off its product's stock; call after the
    // lines were locked and checked.
    DbResult<Done> decrementStock(const QUuid &cartId, const QDateTime &now);
    // Records what the order takes from stock, so a failed payment or a
    // cancellation can give exactly that back (catalog.stock_reservations).
    DbResult<Done> reserveStock(const QUuid &orderId, const QUuid &cartId);
    // ORD-YYYYMMDD-NNN from the database sequence (never blocks, gaps allowed).
    DbResult<QString> nextOrderNumber(const QDate &day);

private:
    Database &m_database;
};

} // namespace shop
