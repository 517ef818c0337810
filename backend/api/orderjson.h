#pragma once

#include "orders/ordertypes.h"

#include <QJsonArray>
#include <QJsonObject>

// The JSON shape of an order (contract.md, "Order API"): id, orderNumber,
// customerInfo, items, subtotal, status, paymentStatus, createdAt,
// updatedAt, and each of completedAt, paymentMethod, the fulfillment and the
// cancellation fields only when set. Money as numbers with at most two
// decimals, times as ISO-8601 UTC with milliseconds.
namespace shop::orderjson {

QJsonObject toJson(const Order &order);
QJsonArray toJson(const QList<Order> &orders);

} // namespace shop::orderjson
