#pragma once

#include "core/errors.h"
#include "messaging/outboxwriter.h"
#include "orderrepository.h"
#include "refundrequests.h"
#include "ordertypes.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>

#include <functional>

namespace shop {

class Clock;
class Database;
class Metrics;

// Order queries and the manager operations (cancel, fulfill), for the order
// REST API and the manager window alike. Owns the transactions and the
// rules: input checks (orders/ordervalidation), 404 for unknown orders, 409
// for transitions the status does not allow. Stateless apart from its
// references, so one instance serves every worker thread.
class OrderService
{
public:
    OrderService(Database &database, Metrics &metrics, const Clock &clock);
    OrderService(const OrderService &) = delete;
    OrderService &operator=(const OrderService &) = delete;

    // With items and status history; NotFound for unknown or malformed numbers.
    Result<Order> getByNumber(const QString &orderNumber);
    // Newest first; Validation when the filter contradicts itself.
    Result<OrderPage> list(const OrderFilter &filter, qint64 offset, int limit);
    // The page after an order of the same list (keyset paging); not counted.
    Result<OrderPage> listAfter(const OrderFilter &filter, const OrderCursor &after, int limit,
                                PageTotal total = PageTotal::NotCounted);

    // In one transaction: locks the order, checks it is PENDING, PROCESSING
    // or PAID (Conflict otherwise), stores CANCELLED with the trimmed reason,
    // records the change in the history and writes an OrderCancelled event
    // to orders.outbox, so the catalog restocks the items if and only if the
    // cancellation committed. A PAID order also gets its refund asked for
    // (RefundRequests) in that transaction. actor is the manager's username; an empty
    // correlationId starts a new chain.
    Result<Order> cancel(const QString &orderNumber, const QString &reason, const QString &actor,
                         const QString &correlationId);
    // Locks the order, checks it is PAID (Conflict otherwise), stores
    // FULFILLED with the shipping details and records the change.
    Result<Order> fulfill(const QString &orderNumber, const Fulfillment &fulfillment, const QString &actor,
                          const QString &correlationId);

private:
    using Change = std::function<DbResult<Done>(const Order &locked, const QDateTime &now)>;

    // Checks and tidies the filter, then runs find with it.
    Result<OrderPage> listPage(const OrderFilter &filter,
                               const std::function<DbResult<OrderPage>(const OrderFilter &)> &find);

    // Locks the order and, if isAllowed(its status), applies change, all in
    // one transaction; answers the order as stored afterwards. refusal
    // explains a Conflict, with %1 for the current status.
    Result<Order> transition(const QString &orderNumber, bool (*isAllowed)(OrderStatus), const QString &refusal,
                             const Change &change, const QString &action);
    DbResult<Done> writeCancelledEvent(const Order &order, const QString &reason, const QString &actor,
                                       const QString &correlationId, const QDateTime &now);

    Database &m_database;
    const Clock &m_clock;
    OrderRepository m_orders;
    OutboxWriter m_outbox;
    RefundRequests m_refundRequests;
    prometheus::Counter &m_cancelled;
    prometheus::Counter &m_fulfilled;
    prometheus::Family<prometheus::Counter> &m_transitions;
};

} // namespace shop
