#pragma once

#include "cartrepository.h"

#include <functional>

namespace prometheus {
class Counter;
class Gauge;
}

namespace shop {

class Clock;
class Database;
class Metrics;

// Anonymous shopping carts keyed by the client's session id: the rules of
// the contract's /carts calls, used by REST and the POS terminal alike.
// Expired carts (30 minutes after their last change, by the injected Clock)
// behave as if absent, and purgeExpired() removes them.
class CartService
{
public:
    CartService(Database &database, Metrics &metrics, const Clock &clock);
    CartService(const CartService &) = delete;
    CartService &operator=(const CartService &) = delete;

    // A session without a live cart reads an empty one (emptyCart), and
    // nothing is written: the cart is created by its first item.
    Result<Cart> cart(const QString &sessionId);
    // Done also when there was no live cart, as the Spring platform answers.
    Result<Done> deleteCart(const QString &sessionId);
    // Creates the cart on first add; a product already in the cart gets the
    // quantity added. Conflict when the product is inactive or the cart's
    // total quantity of it would exceed the stock. Adding and updating take
    // the product's current price for the whole line.
    Result<Cart> addItem(const QString &sessionId, const QUuid &productId, qint64 quantity);
    Result<Cart> updateItem(const QString &sessionId, const QUuid &itemId, qint64 quantity);
    Result<Cart> removeItem(const QString &sessionId, const QUuid &itemId);

    // Deletes expired carts and refreshes the active_carts gauge; for PeriodicJobs.
    void purgeExpired();

private:
    // Runs work in one transaction (never retried: it writes), then reads the
    // cart back in the same transaction. Work that sets `failure` rolls back.
    using Work = std::function<DbResult<Done>(const QDateTime &now, std::optional<ServiceError> &failure)>;
    Result<Cart> change(const QString &sessionId, const QString &action, const Work &work);

    Database &m_database;
    const Clock &m_clock;
    CartRepository m_repository;
    prometheus::Gauge &m_activeCarts;
    prometheus::Counter &m_itemsAdded;
};

} // namespace shop
