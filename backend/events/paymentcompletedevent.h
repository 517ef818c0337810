#pragma once

#include "core/errors.h"
#include "core/money.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUuid>

namespace shop {

// The contract's PaymentCompleted event (topic payments.completed, key =
// orderId): the outcome of charging one order.
struct PaymentCompletedEvent
{
    static constexpr const char *kType = "PAYMENT_COMPLETED";
    static constexpr const char *kVersion = "1.0";
    static constexpr const char *kSuccess = "SUCCESS";
    static constexpr const char *kFailed = "FAILED";

    QUuid eventId;
    QDateTime timestamp;
    QString correlationId;
    QUuid orderId;
    QString orderNumber;
    QUuid paymentTransactionId;
    bool isSuccess = false;
    Money amount;
    QString paymentMethod;         // "MOCK", "CASH", later "STRIPE"
    QString externalTransactionId; // set on success
    QString failureReason;         // set on failure

    QByteArray toJson() const;
    static Result<PaymentCompletedEvent> parse(const QByteArray &json);
};

} // namespace shop
