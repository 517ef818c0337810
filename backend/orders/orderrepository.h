#pragma once

#include "ordertypes.h"

#include <QSqlError>

#include <optional>

namespace shop {

class Database;

// All SQL on orders.orders, order_items and order_status_history. Each call
// runs on the calling thread's connection and returns its error (invalid on
// success); callers run it inside Database::run, which may call it twice,
// so outputs are reset first. Writes run inside the caller's transaction.
class OrderRepository
{
public:
    explicit OrderRepository(Database &database);

    // The order with its items and history; empty when no order has this number.
    QSqlError findByNumber(const QString &orderNumber, std::optional<Order> &order) const;
    // Newest first (created_at DESC, id DESC), with items, without history.
    QSqlError findPage(const OrderFilter &filter, qint64 offset, int limit, OrderPage &page) const;
    // The order with its items, its row locked (FOR UPDATE) until the
    // caller's transaction ends, so a manager action and the payment
    // consumer never both act on the state they read.
    QSqlError lockByNumber(const QString &orderNumber, std::optional<Order> &order) const;

    // Set the terminal state, its timestamp and updated_at, bump the version.
    QSqlError markCancelled(const QUuid &orderId, const QString &reason, const QDateTime &at) const;
    QSqlError markFulfilled(const QUuid &orderId, const Fulfillment &fulfillment, const QDateTime &at) const;
    QSqlError addHistory(const QUuid &orderId, const OrderStatusChange &change) const;

private:
    QSqlError findOne(const QString &sql, const QString &orderNumber, std::optional<Order> &order) const;
    QSqlError loadItems(QList<Order> &orders) const;
    QSqlError loadHistory(Order &order) const;
    QSqlError loadFailureReason(Order &order) const;

    Database &m_database;
};

} // namespace shop
