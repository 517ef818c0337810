#include "orderservice.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/metrics.h"
#include "db/database.h"
#include "db/databasefailure.h"
#include "events/ordercancelledevent.h"
#include "ordermetrics.h"
#include "ordervalidation.h"

namespace shop {

namespace {

constexpr auto kRead = Database::Retry::OnceIfConnectionLost;

ServiceError failure(const QString &action, const QSqlError &error)
{
    return databaseFailure("orders", action, error);
}

ServiceError orderNotFound()
{
    return ServiceError::notFound(QStringLiteral("no order with this number"));
}

prometheus::Counter &counter(Metrics &metrics, const char *name, const char *help)
{
    return prometheus::BuildCounter().Name(name).Help(help).Register(metrics.registry()).Add({});
}

// Events and history rows always carry a correlation id: the request's, or
// a new one for calls without (the manager window).
QString chainFrom(const QString &correlationId)
{
    return correlationId.isEmpty() ? idText(QUuid::createUuid()) : correlationId;
}

} // namespace

OrderService::OrderService(Database &database, Metrics &metrics, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
    , m_orders(database)
    , m_outbox(database, QStringLiteral("orders.outbox"))
    , m_refundRequests(database)
    , m_cancelled(counter(metrics, "orders_cancelled_total", "Orders cancelled by a manager"))
    , m_fulfilled(counter(metrics, "orders_fulfilled_total", "Orders fulfilled (handed to the carrier)"))
    , m_transitions(orderStatusTransitions(metrics))
{
}

Result<Order> OrderService::getByNumber(const QString &orderNumber)
{
    // Not worth a query: no order has a number of another shape.
    if (!isOrderNumber(orderNumber))
        return orderNotFound();
    const DbResult<std::optional<Order>> order =
        m_database.run([&](QSqlDatabase &) { return m_orders.findByNumber(orderNumber); }, kRead);
    if (!order)
        return failure(QStringLiteral("reading an order"), order.error());
    if (!order.value())
        return orderNotFound();
    return *order.value();
}

Result<OrderPage> OrderService::list(const OrderFilter &filter, qint64 offset, int limit)
{
    return listPage(filter, [&](const OrderFilter &query) { return m_orders.findPage(query, offset, limit); });
}

Result<OrderPage> OrderService::listAfter(const OrderFilter &filter, const OrderCursor &after, int limit,
                                          PageTotal total)
{
    return listPage(filter,
                    [&](const OrderFilter &query) { return m_orders.findPageAfter(query, after, limit, total); });
}

Result<OrderPage> OrderService::listPage(const OrderFilter &filter,
                                         const std::function<DbResult<OrderPage>(const OrderFilter &)> &find)
{
    OrderFilter query = filter;
    if (query.customerEmail)
        query.customerEmail = query.customerEmail->trimmed();
    if (const QList<FieldError> errors = orders::validateOrderFilter(query); !errors.isEmpty())
        return ServiceError::validation(errors);
    const DbResult<OrderPage> page = m_database.run([&](QSqlDatabase &) { return find(query); }, kRead);
    if (!page)
        return failure(QStringLiteral("listing orders"), page.error());
    return page.value();
}

Result<Order> OrderService::cancel(const QString &orderNumber, const QString &reason, const QString &actor,
                                   const QString &correlationId)
{
    if (const QList<FieldError> errors = orders::validateCancellation(reason); !errors.isEmpty())
        return ServiceError::validation(errors);
    const QString why = orders::normalizedReason(reason);
    const QString chain = chainFrom(correlationId);
    const Change change = [&](const Order &order, const QDateTime &now) {
        if (const DbResult<Done> marked = m_orders.markCancelled(order.id, why, now); !marked)
            return marked;
        const OrderStatusChange history{order.status, OrderStatus::Cancelled, why, actor, chain, now};
        if (const DbResult<Done> recorded = m_orders.addHistory(order.id, history); !recorded)
            return recorded;
        // A paid order's money goes back; the stock goes back through the
        // OrderCancelled event alone, so the refund restocks nothing.
        if (order.status == OrderStatus::Paid) {
            const DbResult<std::optional<QUuid>> refund =
                m_refundRequests.requestCancellationRefund(order.id, {why, actor, chain, now});
            if (!refund)
                return DbResult<Done>(refund.error());
        }
        return writeCancelledEvent(order, why, actor, chain, now);
    };
    Result<Order> cancelled =
        transition(orderNumber, &canCancel,
                   QStringLiteral("the order is %1; only PENDING, PROCESSING or PAID orders can be cancelled"),
                   change, QStringLiteral("cancelling an order"));
    if (cancelled) {
        m_cancelled.Increment();
        m_transitions.Add({{"to", "CANCELLED"}}).Increment();
        log::info("orders", QStringLiteral("order cancelled"),
                  {{QStringLiteral("orderNumber"), orderNumber}, {QStringLiteral("by"), actor}});
    }
    return cancelled;
}

Result<Order> OrderService::fulfill(const QString &orderNumber, const Fulfillment &fulfillment, const QString &actor,
                                    const QString &correlationId)
{
    if (const QList<FieldError> errors = orders::validateFulfillment(fulfillment); !errors.isEmpty())
        return ServiceError::validation(errors);
    const Fulfillment details = orders::normalized(fulfillment);
    const QString chain = chainFrom(correlationId);
    const Change change = [&](const Order &order, const QDateTime &now) {
        if (const DbResult<Done> marked = m_orders.markFulfilled(order.id, details, now); !marked)
            return marked;
        const OrderStatusChange history{order.status, OrderStatus::Fulfilled, std::nullopt, actor, chain, now};
        return m_orders.addHistory(order.id, history);
    };
    Result<Order> fulfilled =
        transition(orderNumber, &canFulfill, QStringLiteral("the order is %1; only PAID orders can be fulfilled"),
                   change, QStringLiteral("fulfilling an order"));
    if (fulfilled) {
        m_fulfilled.Increment();
        m_transitions.Add({{"to", "FULFILLED"}}).Increment();
        log::info("orders", QStringLiteral("order fulfilled"),
                  {{QStringLiteral("orderNumber"), orderNumber}, {QStringLiteral("by"), actor}});
    }
    return fulfilled;
}

Result<Order> OrderService::transition(const QString &orderNumber, bool (*isAllowed)(OrderStatus),
                                       const QString &refusal, const Change &change, const QString &action)
{
    if (!isOrderNumber(orderNumber))
        return orderNotFound();
    const QDateTime now = m_clock.now();
    const DbResult<Result<Order>> outcome = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Result<Order>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<std::optional<Order>> locked = m_orders.lockByNumber(orderNumber);
            if (!locked)
                return locked.error();
            // A refusal returns here and rolls back: nothing changed.
            if (!locked.value())
                return Result<Order>(orderNotFound());
            const Order &order = *locked.value();
            if (!isAllowed(order.status))
                return Result<Order>(ServiceError::conflict(refusal.arg(statusName(order.status))));
            if (const DbResult<Done> changed = change(order, now); !changed)
                return changed.error();
            const DbResult<std::optional<Order>> stored = m_orders.findByNumber(orderNumber);
            if (!stored)
                return stored.error();
            if (!transaction.commit())
                return transaction.error();
            if (!stored.value()) // the row is locked and the change committed; reading it back cannot miss
                return Result<Order>(ServiceError::internal());
            return Result<Order>(*stored.value());
        },
        // A write whose connection died may or may not have committed; never repeat it.
        Database::Retry::Never);
    if (!outcome)
        return failure(action, outcome.error());
    return outcome.value();
}

DbResult<Done> OrderService::writeCancelledEvent(const Order &order, const QString &reason, const QString &actor,
                                                 const QString &correlationId, const QDateTime &now)
{
    OrderCancelledEvent event;
    event.eventId = QUuid::createUuid();
    event.timestamp = now;
    event.correlationId = correlationId;
    event.orderId = order.id;
    event.orderNumber = order.orderNumber;
    event.previousStatus = order.status;
    event.reason = reason;
    event.cancelledBy = actor;
    for (const OrderItem &item : order.items)
        event.items.append({item.productId, item.productSku, item.quantity});
    return m_outbox.append({event.eventId, event.orderId, QLatin1String(OrderCancelledEvent::kType),
                            QLatin1String(OrderCancelledEvent::kTopic), idText(event.orderId), event.toJson(),
                            event.correlationId});
}

} // namespace shop
