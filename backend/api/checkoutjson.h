#pragma once

#include "checkout/checkoutservice.h"

#include <QJsonArray>
#include <QJsonObject>

namespace shop {

// Reads a checkout body ({sessionId, customerInfo}) into a request;
// `typeErrors` gets fields that are missing where an object is needed or
// have the wrong JSON type. Blank or missing strings are left empty for
// validateCheckoutRequest to name.
CheckoutRequest readCheckoutRequest(const QJsonObject &body, QList<FieldError> &typeErrors);

// The changedLines member of checkout's 409 "prices-changed" problem:
// [{productId, productSku, productName, quantity, oldPrice, newPrice}].
QJsonArray changedLinesJson(const QList<PriceChange> &changes);

} // namespace shop
