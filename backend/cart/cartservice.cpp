#include "cartservice.h"

#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "db/database.h"
#include "db/databasefailure.h"

namespace shop {

namespace {

ServiceError cartNotFound()
{
    return ServiceError::notFound(QStringLiteral("there is no cart for this session"));
}

ServiceError notEnoughStock(const CartProduct &product)
{
    return ServiceError::conflict(QStringLiteral("not enough stock of %1: %2 available")
                                      .arg(product.sku)
                                      .arg(product.inventoryQuantity));
}

ServiceError inactive(const CartProduct &product)
{
    return ServiceError::conflict(QStringLiteral("product %1 is no longer sold").arg(product.sku));
}

} // namespace

CartService::CartService(Database &database, Metrics &metrics, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
    , m_repository(database)
    , m_activeCarts(prometheus::BuildGauge()
                        .Name("active_carts")
                        .Help("Carts that have not expired, as of the last expiry run")
                        .Register(metrics.registry())
                        .Add({}))
    , m_itemsAdded(prometheus::BuildCounter()
                       .Name("cart_items_added_total")
                       .Help("Successful additions of a product to a cart")
                       .Register(metrics.registry())
                       .Add({}))
{
}

Result<Cart> CartService::cart(const QString &sessionId)
{
    if (auto errors = validateSessionId(sessionId); !errors.isEmpty())
        return ServiceError::validation(errors);
    std::optional<Cart> found;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &) { return m_repository.findLive(sessionId, m_clock.now(), found); },
        Database::Retry::OnceIfConnectionLost);
    if (error.isValid())
        return databaseFailure("cart", QStringLiteral("reading a cart"), error);
    if (!found)
        return cartNotFound();
    return *found;
}

Result<Done> CartService::deleteCart(const QString &sessionId)
{
    if (auto errors = validateSessionId(sessionId); !errors.isEmpty())
        return ServiceError::validation(errors);
    bool deleted = false;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &) { return m_repository.deleteLive(sessionId, m_clock.now(), deleted); },
        Database::Retry::Never);
    if (error.isValid())
        return databaseFailure("cart", QStringLiteral("deleting a cart"), error);
    if (!deleted)
        return cartNotFound();
    return Done{};
}

Result<Cart> CartService::addItem(const QString &sessionId, const QUuid &productId, qint64 quantity)
{
    QList<FieldError> errors = validateSessionId(sessionId);
    errors += validateQuantity(quantity);
    if (!errors.isEmpty())
        return ServiceError::validation(errors);

    Result<Cart> result = change(sessionId, QStringLiteral("adding to a cart"),
                                 [&](const QDateTime &now, std::optional<ServiceError> &failure) {
        std::optional<CartProduct> product;
        if (QSqlError e = m_repository.findProduct(productId, product); e.isValid())
            return e;
        if (!product) {
            failure = ServiceError::notFound(QStringLiteral("there is no product with this id"));
            return QSqlError();
        }
        if (!product->isActive) {
            failure = inactive(*product);
            return QSqlError();
        }
        QUuid cartId;
        if (QSqlError e = m_repository.openForChange(sessionId, now, cartId); e.isValid())
            return e;
        // The cart row is locked now, so its lines cannot change under us.
        qint64 inCart = 0;
        if (QSqlError e = m_repository.itemQuantity(cartId, productId, inCart); e.isValid())
            return e;
        if (inCart + quantity > product->inventoryQuantity) {
            failure = notEnoughStock(*product);
            return QSqlError();
        }
        return m_repository.addToItem(cartId, *product, static_cast<int>(quantity), now);
    });
    if (result)
        m_itemsAdded.Increment();
    return result;
}

Result<Cart> CartService::updateItem(const QString &sessionId, const QUuid &itemId, qint64 quantity)
{
    QList<FieldError> errors = validateSessionId(sessionId);
    errors += validateQuantity(quantity);
    if (!errors.isEmpty())
        return ServiceError::validation(errors);

    return change(sessionId, QStringLiteral("changing a cart item"),
                  [&](const QDateTime &now, std::optional<ServiceError> &failure) {
        std::optional<QUuid> cartId;
        if (QSqlError e = m_repository.lockLive(sessionId, now, cartId); e.isValid())
            return e;
        if (!cartId) {
            failure = cartNotFound();
            return QSqlError();
        }
        std::optional<CartProduct> product;
        if (QSqlError e = m_repository.findItemProduct(*cartId, itemId, product); e.isValid())
            return e;
        if (!product) {
            failure = ServiceError::notFound(QStringLiteral("the cart has no item with this id"));
            return QSqlError();
        }
        if (!product->isActive) {
            failure = inactive(*product);
            return QSqlError();
        }
        if (quantity > product->inventoryQuantity) {
            failure = notEnoughStock(*product);
            return QSqlError();
        }
        if (QSqlError e = m_repository.setItemQuantity(itemId, static_cast<int>(quantity), now); e.isValid())
            return e;
        return m_repository.touch(*cartId, now);
    });
}

Result<Cart> CartService::removeItem(const QString &sessionId, const QUuid &itemId)
{
    if (auto errors = validateSessionId(sessionId); !errors.isEmpty())
        return ServiceError::validation(errors);

    return change(sessionId, QStringLiteral("removing a cart item"),
                  [&](const QDateTime &now, std::optional<ServiceError> &failure) {
        std::optional<QUuid> cartId;
        if (QSqlError e = m_repository.lockLive(sessionId, now, cartId); e.isValid())
            return e;
        if (!cartId) {
            failure = cartNotFound();
            return QSqlError();
        }
        bool deleted = false;
        if (QSqlError e = m_repository.deleteItem(*cartId, itemId, deleted); e.isValid())
            return e;
        if (!deleted) {
            failure = ServiceError::notFound(QStringLiteral("the cart has no item with this id"));
            return QSqlError();
        }
        return m_repository.touch(*cartId, now);
    });
}

void CartService::purgeExpired()
{
    const QDateTime now = m_clock.now();
    int deleted = 0;
    qint64 live = 0;
    // Carts are deleted in one statement per run; an index on expires_at
    // keeps it cheap, and items go with their cart (ON DELETE CASCADE).
    QSqlError error = m_database.run([&](QSqlDatabase &) { return m_repository.purgeExpired(now, deleted); },
                                     Database::Retry::Never);
    if (!error.isValid())
        error = m_database.run([&](QSqlDatabase &) { return m_repository.countLive(now, live); },
                               Database::Retry::OnceIfConnectionLost);
    if (error.isValid()) {
        log::warn("cart", QStringLiteral("expired cart purge failed"), {{QStringLiteral("error"), error.text()}});
        return;
    }
    m_activeCarts.Set(static_cast<double>(live));
    if (deleted > 0)
        log::info("cart", QStringLiteral("expired carts deleted"), {{QStringLiteral("count"), deleted}});
}

Result<Cart> CartService::change(const QString &sessionId, const QString &action, const Work &work)
{
    const QDateTime now = m_clock.now();
    std::optional<ServiceError> failure;
    std::optional<Cart> cart;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &db) {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (QSqlError e = work(now, failure); e.isValid() || failure)
                return e; // the transaction rolls back
            if (QSqlError e = m_repository.findLive(sessionId, now, cart); e.isValid())
                return e;
            if (!transaction.commit())
                return transaction.error();
            return QSqlError();
        },
        Database::Retry::Never);
    if (error.isValid())
        return databaseFailure("cart", action, error);
    if (failure)
        return *failure;
    if (!cart) { // cannot happen: the work just wrote to the live cart
        log::error("cart", action + QStringLiteral(": the cart vanished inside its transaction"));
        return ServiceError::internal();
    }
    return *cart;
}

} // namespace shop
