#pragma once

#include "core/errors.h"
#include "events/customerinfo.h"

#include <QList>
#include <QString>

namespace shop {

// What a checkout needs besides its Idempotency-Key.
struct CheckoutRequest
{
    QString sessionId;
    CustomerInfo customerInfo;
    // Empty: paid by card through the gateway (the web store); kPaymentMethodCash
    // for a cash sale at the till. Not part of the REST body.
    QString paymentMethod;
};

// The session id and the customer, named by their JSON paths.
QList<FieldError> validateCheckoutRequest(const CheckoutRequest &request);
// The Idempotency-Key header: 1..255 visible ASCII characters.
QList<FieldError> validateIdempotencyKey(const QString &key);

} // namespace shop
