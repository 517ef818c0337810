#pragma once

#include "core/errors.h"
#include "core/money.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

// The refund events (docs/api/events.md, "Refunds"), key = orderId:
// RefundRequested asks the order daemon to pay a refund back through the
// gateway; PaymentRefunded tells what came of it. Both carry the refund's
// items, so a consumer can tell a whole order's refund from a return of a
// few items.
namespace shop {

struct RefundItem
{
    QUuid productId;
    QString productSku;
    int quantity = 0;
};

// What every refund event says about its refund.
struct RefundFields
{
    QUuid refundId; // the gateway's idempotency key
    QUuid orderId;
    QString orderNumber;
    Money amount;
    QString kind; // CANCELLATION (the whole order) or RETURN (some items)
    QList<RefundItem> items;
};

struct RefundRequestedEvent
{
    static constexpr const char *kTopic = "refunds.requested";
    static constexpr const char *kType = "REFUND_REQUESTED";
    static constexpr const char *kVersion = "1.0";

    QUuid eventId;
    QDateTime timestamp;
    QString correlationId;
    RefundFields refund;
    QString reason;
    QString requestedBy; // a manager's username, or "system"

    QByteArray toJson() const;
    // Validation errors name each field ("refundId", "items[0].quantity").
    static Result<RefundRequestedEvent> parse(const QByteArray &json);
};

struct PaymentRefundedEvent
{
    static constexpr const char *kTopic = "payments.refunded";
    static constexpr const char *kType = "PAYMENT_REFUNDED";
    static constexpr const char *kVersion = "1.0";
    static constexpr const char *kSucceeded = "SUCCEEDED";
    static constexpr const char *kFailed = "FAILED";

    QUuid eventId;
    QDateTime timestamp;
    QString correlationId;
    RefundFields refund;
    bool isSuccess = false;
    QString externalRefundId; // set on success
    QString failureReason;    // set on failure

    QByteArray toJson() const;
    static Result<PaymentRefundedEvent> parse(const QByteArray &json);
};

} // namespace shop
