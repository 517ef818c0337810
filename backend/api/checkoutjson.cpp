#include "checkoutjson.h"

#include "jsonbody.h"

namespace shop {

CheckoutRequest readCheckoutRequest(const QJsonObject &body, QList<FieldError> &typeErrors)
{
    CheckoutRequest request;
    JsonFields fields(body);
    request.sessionId = fields.string(QStringLiteral("sessionId"), JsonFields::Required).value_or(QString());
    const auto info = fields.object(QStringLiteral("customerInfo"), JsonFields::Required);
    typeErrors += fields.errors();
    if (!info)
        return request;

    request.customerInfo = readCustomerInfo(*info, QStringLiteral("customerInfo"), typeErrors);
    return request;
}

} // namespace shop
