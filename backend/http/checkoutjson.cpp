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

    JsonFields customer(*info, QStringLiteral("customerInfo"));
    CustomerInfo &target = request.customerInfo;
    target.name = customer.string(QStringLiteral("name"), JsonFields::Optional).value_or(QString());
    target.email = customer.string(QStringLiteral("email"), JsonFields::Optional).value_or(QString());
    target.phone = customer.string(QStringLiteral("phone"), JsonFields::Optional).value_or(QString());
    const auto address = customer.object(QStringLiteral("shippingAddress"), JsonFields::Required);
    typeErrors += customer.errors();
    if (!address)
        return request;

    JsonFields fieldsOfAddress(*address, QStringLiteral("customerInfo.shippingAddress"));
    const auto text = [&fieldsOfAddress](const char *name) {
        return fieldsOfAddress.string(QLatin1String(name), JsonFields::Optional).value_or(QString());
    };
    target.shippingAddress = {text("street"), text("city"), text("state"), text("postalCode"), text("country")};
    typeErrors += fieldsOfAddress.errors();
    return request;
}

} // namespace shop
