#include "orderevents.h"

#include "core/clock.h"
#include "core/ids.h"

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
    const QJsonObject event{
        {QStringLiteral("eventId"), idText(eventId)},
        {QStringLiteral("eventType"), QLatin1String(kType)},
        {QStringLiteral("eventVersion"), QLatin1String(kVersion)},
        {QStringLiteral("timestamp"), toIsoUtc(timestamp)},
        {QStringLiteral("correlationId"), correlationId},
        {QStringLiteral("orderId"), idText(orderId)},
        {QStringLiteral("orderNumber"), orderNumber},
        {QStringLiteral("customer"), customerJson(customer)},
        {QStringLiteral("items"), lines},
        {QStringLiteral("subtotal"), subtotal().toJson()},
        {QStringLiteral("cartId"), idText(cartId)},
    };
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

} // namespace shop
