#pragma once

#include "orders/refundtypes.h"

#include <QJsonArray>
#include <QJsonObject>

// The JSON shape of a refund: id, orderId, orderNumber, kind, amount,
// status, reason, requestedBy, attempts, createdAt, updatedAt, and
// externalRefundId, failureReason, completedAt when set.
namespace shop::refundjson {

QJsonObject toJson(const Refund &refund);
QJsonArray toJson(const QList<Refund> &refunds);

} // namespace shop::refundjson
