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

void logPurgeFailure(const QSqlError &error)
{
    log::warn("cart", QStringLiteral("expired cart purge failed"), {{QStringLiteral("error"), error.text()}});
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
    const QDateTime now = m_clock.now();
    const DbResult<std::optional<Cart>> found = m_database.run(
        [&](QSqlDatabase &) { return m_repository.findLive(sessionId, now); }, Database::Retry::OnceIfConnectionLost);
    if (!found)
        return databaseFailure("cart", QStringLiteral("reading a cart"), found.error());
    return found.value().value_or(emptyCart(sessionId, now));
}

Result<Done> CartService::deleteCart(const QString &sessionId)
{
    if (auto errors = validateSessionId(sessionId); !errors.isEmpty())
        return ServiceError::validation(errors);
    const DbResult<bool> deleted = m_database.run(
        [&](QSqlDatabase &) { return m_repository.deleteLive(sessionId, m_clock.now()); },
        Database::Retry::Never);
    if (!deleted)
        return databaseFailure("cart", QStringLiteral("deleting a cart"), deleted.error());
    return Done{}; // deleting a cart that is not there leaves what was asked for
}

Result<Cart> CartService::addItem(const QString &sessionId, const QUuid &productId, qint64 quantity)
{
    QList<FieldError> errors = validateSessionId(sessionId);
    errors += validateQuantity(quantity);
    if (!errors.isEmpty())
        return ServiceError::validation(errors);

    Result<Cart> result = change(sessionId, QStringLiteral("adding to a cart"),
                                 [&](const QDateTime &now, std::optional<ServiceError> &failure) -> DbResult<Done> {
        const DbResult<CartAddition> addition =
            m_repository.addItem(sessionId, productId, static_cast<int>(quantity), now);
        if (!addition)
            return addition.error();
        if (!addition->product) {
            failure = ServiceError::notFound(QStringLiteral("there is no product with this id"));
            return Done{};
        }
        const CartProduct &product = *addition->product;
        if (!product.isActive) {
            failure = inactive(product);
            return Done{};
        }
        if (!addition->added)
            failure = notEnoughStock(product);
        return Done{};
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
                  [&](const QDateTime &now, std::optional<ServiceError> &failure) -> DbResult<Done> {
        const DbResult<std::optional<QUuid>> locked = m_repository.lockLive(sessionId, now);
        if (!locked)
            return locked.error();
        if (!locked.value()) {
            failure = cartNotFound();
            return Done{};
        }
        const QUuid cartId = *locked.value();
        const DbResult<std::optional<CartProduct>> found = m_repository.findItemProduct(cartId, itemId);
        if (!found)
            return found.error();
        if (!found.value()) {
            failure = ServiceError::notFound(QStringLiteral("the cart has no item with this id"));
            return Done{};
        }
        const CartProduct &product = *found.value();
        if (!product.isActive) {
            failure = inactive(product);
            return Done{};
        }
        if (quantity > product.inventoryQuantity) {
            failure = notEnoughStock(product);
            return Done{};
        }
        const DbResult<Done> set = m_repository.setItemQuantity(itemId, static_cast<int>(quantity), product.price, now);
        if (!set)
            return set;
        return m_repository.touch(cartId, now);
    });
}

Result<Cart> CartService::removeItem(const QString &sessionId, const QUuid &itemId)
{
    if (auto errors = validateSessionId(sessionId); !errors.isEmpty())
        return ServiceError::validation(errors);

    return change(sessionId, QStringLiteral("removing a cart item"),
                  [&](const QDateTime &now, std::optional<ServiceError> &failure) -> DbResult<Done> {
        const DbResult<std::optional<QUuid>> locked = m_repository.lockLive(sessionId, now);
        if (!locked)
            return locked.error();
        if (!locked.value()) {
            failure = cartNotFound();
            return Done{};
        }
        const QUuid cartId = *locked.value();
        const DbResult<bool> deleted = m_repository.deleteItem(cartId, itemId);
        if (!deleted)
            return deleted.error();
        if (!deleted.value()) {
            failure = ServiceError::notFound(QStringLiteral("the cart has no item with this id"));
            return Done{};
        }
        return m_repository.touch(cartId, now);
    });
}

void CartService::purgeExpired()
{
    const QDateTime now = m_clock.now();
    // Carts are deleted in one statement per run; an index on expires_at
    // keeps it cheap, and items go with their cart (ON DELETE CASCADE).
    const DbResult<int> deleted =
        m_database.run([&](QSqlDatabase &) { return m_repository.purgeExpired(now); }, Database::Retry::Never);
    if (!deleted) {
        logPurgeFailure(deleted.error());
        return;
    }
    const DbResult<qint64> live = m_database.run([&](QSqlDatabase &) { return m_repository.countLive(now); },
                                                 Database::Retry::OnceIfConnectionLost);
    if (!live) {
        logPurgeFailure(live.error());
        return;
    }
    m_activeCarts.Set(static_cast<double>(live.value()));
    if (deleted.value() > 0)
        log::info("cart", QStringLiteral("expired carts deleted"), {{QStringLiteral("count"), deleted.value()}});
}

Result<Cart> CartService::change(const QString &sessionId, const QString &action, const Work &work)
{
    const QDateTime now = m_clock.now();
    std::optional<ServiceError> failure;
    const DbResult<std::optional<Cart>> cart = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<std::optional<Cart>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (const DbResult<Done> worked = work(now, failure); !worked)
                return worked.error();
            if (failure)
                return std::optional<Cart>(); // the transaction rolls back
            DbResult<std::optional<Cart>> changed = m_repository.findLive(sessionId, now);
            if (!changed)
                return changed;
            if (!transaction.commit())
                return transaction.error();
            return changed;
        },
        Database::Retry::Never);
    if (!cart)
        return databaseFailure("cart", action, cart.error());
    if (failure)
        return *failure;
    if (!cart.value()) { // cannot happen: the work just wrote to the live cart
        log::error("cart", action + QStringLiteral(": the cart vanished inside its transaction"));
        return ServiceError::internal();
    }
    return *cart.value();
}

} // namespace shop
