#include "checkoutjson.h"

#include "core/ids.h"
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

QJsonArray changedLinesJson(const QList<PriceChange> &changes)
{
    QJsonArray lines;
    for (const PriceChange &change : changes) {
        lines.append(QJsonObject{
            {QStringLiteral("productId"), idText(change.productId)},
            {QStringLiteral("productSku"), change.productSku},
            {QStringLiteral("productName"), change.productName},
            {QStringLiteral("quantity"), change.quantity},
            {QStringLiteral("oldPrice"), change.oldPrice.toJson()},
            {QStringLiteral("newPrice"), change.newPrice.toJson()},
        });
    }
    return lines;
}

} // namespace shop
