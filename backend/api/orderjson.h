#pragma once

#include "orders/ordertypes.h"

#include <QJsonArray>
#include <QJsonObject>

// The JSON shape of an order (contract.md, "Order API"): id, orderNumber,
// customerInfo, items, subtotal, status, paymentStatus, createdAt,
// updatedAt, and each of completedAt, paymentMethod, the fulfillment and the
// cancellation fields only when set, and refunds (refundjson) when the
// order read by number has any. Money as numbers with at most two
// decimals, times as ISO-8601 UTC with milliseconds.
namespace shop::orderjson {

QJsonObject toJson(const Order &order);
QJsonArray toJson(const QList<Order> &orders);
// What anyone who knows the order number may see: orderNumber, items,
// subtotal, status, paymentStatus and the dates, with customerInfo holding
// only the e-mail masked (j***@example.com); no name, phone, address, ids,
// payment or fulfillment details.
QJsonObject toPublicJson(const Order &order);
// The first character of the local part and the whole domain: j***@example.com.
QString maskEmail(const QString &email);

} // namespace shop::orderjson
