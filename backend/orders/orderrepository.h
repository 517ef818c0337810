#pragma once

#include "db/dbresult.h"
#include "ordertypes.h"

#include <optional>

namespace shop {

class Database;

// All SQL on orders.orders, order_items and order_status_history. Each call
// runs on the calling thread's connection and answers its rows or the
// driver's error; callers run it inside Database::run. Writes run inside the
// caller's transaction.
class OrderRepository
{
public:
    explicit OrderRepository(Database &database);

    // The order with its items, history and refunds; empty when no order has this number.
    DbResult<std::optional<Order>> findByNumber(const QString &orderNumber) const;
    // Newest first (created_at DESC, id DESC), with items, without history.
    DbResult<OrderPage> findPage(const OrderFilter &filter, qint64 offset, int limit) const;
    // The same order, the limit orders after the cursor; counted only when
    // asked (the REST API's cursor pages keep totalElements, the manager
    // window has its total from the first page).
    DbResult<OrderPage> findPageAfter(const OrderFilter &filter, const OrderCursor &after, int limit,
                                      PageTotal total = PageTotal::NotCounted) const;
    // The order with its items, its row locked (FOR UPDATE) until the
    // caller's transaction ends, so a manager action and the payment
    // consumer never both act on the state they read.
    DbResult<std::optional<Order>> lockByNumber(const QString &orderNumber) const;

    // Set the terminal state, its timestamp and updated_at, bump the version.
    DbResult<Done> markCancelled(const QUuid &orderId, const QString &reason, const QDateTime &at) const;
    DbResult<Done> markFulfilled(const QUuid &orderId, const Fulfillment &fulfillment, const QDateTime &at) const;
    DbResult<Done> addHistory(const QUuid &orderId, const OrderStatusChange &change) const;

private:
    // The orders matching filter: the counters (orders V8) for a status
    // alone, a count of the matches otherwise.
    DbResult<qint64> count(const OrderFilter &filter) const;
    // The order sql selects by number ($1), with its items.
    DbResult<std::optional<Order>> findOne(const QString &sql, const QString &orderNumber) const;
    // The orders, each with its items.
    DbResult<QList<Order>> withItems(QList<Order> orders) const;

    Database &m_database;
};

} // namespace shop
