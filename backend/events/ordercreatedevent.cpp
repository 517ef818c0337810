#include "ordercreatedevent.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/jsonfields.h"
#include "core/textrules.h"
#include "eventjson.h"
#include "eventvalues.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace shop {

namespace {

QJsonObject lineJson(const OrderLine &line)
{
    return {
        {QStringLiteral("productId"), idText(line.productId)},
        {QStringLiteral("productSku"), line.productSku},
        {QStringLiteral("productName"), line.productName},
        {QStringLiteral("quantity"), line.quantity},
        {QStringLiteral("priceSnapshot"), line.priceSnapshot.toJson()},
        {QStringLiteral("subtotal"), line.subtotal().toJson()},
    };
}

} // namespace

QJsonObject customerJson(const CustomerInfo &customer)
{
    const ShippingAddress &address = customer.shippingAddress;
    return {
        {QStringLiteral("name"), customer.name},
        {QStringLiteral("email"), customer.email},
        {QStringLiteral("phone"), customer.phone},
        {QStringLiteral("shippingAddress"),
         QJsonObject{
             {QStringLiteral("street"), address.street},
             {QStringLiteral("city"), address.city},
             {QStringLiteral("state"), address.state},
             {QStringLiteral("postalCode"), address.postalCode},
             {QStringLiteral("country"), address.country},
         }},
    };
}

Money OrderCreatedEvent::subtotal() const
{
    Money total;
    for (const OrderLine &line : items)
        total = total + line.subtotal();
    return total;
}

QByteArray OrderCreatedEvent::toJson() const
{
    QJsonArray lines;
    for (const OrderLine &line : items)
        lines.append(lineJson(line));
    QJsonObject fields{
        {QStringLiteral("orderId"), idText(orderId)},
        {QStringLiteral("orderNumber"), orderNumber},
        {QStringLiteral("customer"), customerJson(customer)},
        {QStringLiteral("items"), lines},
        {QStringLiteral("subtotal"), subtotal().toJson()},
        {QStringLiteral("cartId"), idText(cartId)},
    };
    if (paymentMethod.isEmpty())
        return eventJson(eventId, kType, kVersion, timestamp, correlationId, fields);
    fields.insert(QStringLiteral("paymentMethod"), paymentMethod);
    return eventJson(eventId, kType, kVersionWithPaymentMethod, timestamp, correlationId, fields);
}

namespace {

OrderLine readLine(const QJsonValue &value, const QString &path, QList<FieldError> &errors)
{
    OrderLine line;
    if (!value.isObject()) {
        errors.append({path, QStringLiteral("must be an object")});
        return line;
    }
    JsonFields fields(value.toObject(), path);
    line.productId = fields.uuid(QStringLiteral("productId"), JsonFields::Required).value_or(QUuid());
    line.productSku = fields.string(QStringLiteral("productSku"), JsonFields::Required).value_or(QString());
    line.productName = fields.string(QStringLiteral("productName"), JsonFields::Required).value_or(QString());
    const auto quantity = fields.integer(QStringLiteral("quantity"), JsonFields::Required);
    const auto price = readEventMoney(fields, QStringLiteral("priceSnapshot"), JsonFields::Required);
    const auto subtotal = readEventMoney(fields, QStringLiteral("subtotal"), JsonFields::Required);
    if (quantity && (*quantity < 1 || *quantity > 1000000))
        fields.errors().append({fields.path(QStringLiteral("quantity")), QStringLiteral("must be between 1 and 1000000")});
    if (price && price->cents() < 1)
        fields.errors().append({fields.path(QStringLiteral("priceSnapshot")), QStringLiteral("must be at least 0.01")});
    line.quantity = int(quantity.value_or(0));
    line.priceSnapshot = price.value_or(Money());
    if (subtotal && quantity && price && *subtotal != line.subtotal())
        fields.errors().append({fields.path(QStringLiteral("subtotal")), QStringLiteral("must be quantity times priceSnapshot")});
    errors += fields.errors();
    return line;
}

} // namespace

Result<OrderCreatedEvent> OrderCreatedEvent::parse(const QByteArray &json)
{
    EventFields envelope(json, QLatin1String(kType));
    if (!envelope.isObject())
        return ServiceError::validation(envelope.errors());
    OrderCreatedEvent event;
    JsonFields &fields = envelope.fields();
    event.eventId = envelope.eventId();
    event.timestamp = envelope.timestamp();
    event.correlationId = envelope.correlationId();
    event.orderId = fields.uuid(QStringLiteral("orderId"), JsonFields::Required).value_or(QUuid());
    event.orderNumber = fields.string(QStringLiteral("orderNumber"), JsonFields::Required).value_or(QString());
    event.cartId = fields.uuid(QStringLiteral("cartId"), JsonFields::Required).value_or(QUuid());
    const auto subtotal = readEventMoney(fields, QStringLiteral("subtotal"), JsonFields::Required);
    const auto customer = fields.object(QStringLiteral("customer"), JsonFields::Required);
    const auto items = fields.array(QStringLiteral("items"), JsonFields::Required);
    event.paymentMethod = fields.string(QStringLiteral("paymentMethod"), JsonFields::Optional).value_or(QString());
    QList<FieldError> errors = envelope.errors();
    if (!event.orderNumber.isEmpty() && !isOrderNumber(event.orderNumber))
        errors.append({QStringLiteral("orderNumber"), QStringLiteral("must look like ORD-YYYYMMDD-NNN")});
    if (!event.paymentMethod.isEmpty() && event.paymentMethod != kPaymentMethodCash)
        errors.append({QStringLiteral("paymentMethod"), QStringLiteral("must be CASH when present")});
    if (customer) {
        QList<FieldError> typeErrors;
        event.customer = readCustomerInfo(*customer, QStringLiteral("customer"), typeErrors);
        errors += mergeFieldErrors(typeErrors, validateCustomerInfo(event.customer, QStringLiteral("customer")));
    }
    if (items) {
        if (items->isEmpty())
            errors.append({QStringLiteral("items"), QStringLiteral("must not be empty")});
        for (qsizetype i = 0; i < items->size(); ++i)
            event.items.append(readLine(items->at(i), QStringLiteral("items[%1]").arg(i), errors));
    }
    if (errors.isEmpty() && subtotal && *subtotal != event.subtotal())
        errors.append({QStringLiteral("subtotal"), QStringLiteral("must be the sum of the items' subtotals")});
    if (!errors.isEmpty())
        return ServiceError::validation(errors);
    return event;
}

} // namespace shop
