#pragma once

#include "core/money.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

// A refund as the order API, the manager window and the daemon see it.
// Free of HTTP and SQL: refundjson.* and RefundRepository translate.
namespace shop {

// REQUESTED -> SUCCEEDED | FAILED; a manager's retry moves FAILED back to
// REQUESTED. Only FAILED needs someone's attention.
enum class RefundStatus { Requested, Succeeded, Failed };

QString refundStatusName(RefundStatus status); // "REQUESTED", ...
std::optional<RefundStatus> parseRefundStatus(const QString &name);

namespace refundkinds {
// The whole order, when a paid order is cancelled (at most one per order).
inline const QString cancellation = QStringLiteral("CANCELLATION");
// Some of the items, brought back to the till (pos/returnservice.h).
inline const QString itemReturn = QStringLiteral("RETURN");
} // namespace refundkinds

struct Refund
{
    QUuid id; // also the gateway's idempotency key
    QUuid orderId;
    QString orderNumber;
    QString kind;
    Money amount;
    RefundStatus status = RefundStatus::Requested;
    QString reason;
    QString requestedBy;
    int attempts = 0; // gateway calls made for it
    std::optional<QString> externalRefundId;
    std::optional<QString> failureReason;
    QDateTime createdAt;
    QDateTime updatedAt;
    std::optional<QDateTime> completedAt;
};

// One page of refunds, oldest first (what has waited longest comes first).
struct RefundPage
{
    QList<Refund> items;
    qint64 totalElements = 0;
};

} // namespace shop
