#pragma once

#include "checkout/checkoutrequest.h"

#include <QJsonObject>

namespace shop {

// Reads a checkout body ({sessionId, customerInfo}) into a request;
// `typeErrors` gets fields that are missing where an object is needed or
// have the wrong JSON type. Blank or missing strings are left empty for
// validateCheckoutRequest to name.
CheckoutRequest readCheckoutRequest(const QJsonObject &body, QList<FieldError> &typeErrors);

} // namespace shop
