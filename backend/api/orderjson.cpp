#include "orderjson.h"

#include "events/ordercreatedevent.h"
#include "core/clock.h"
#include "core/ids.h"
#include "refundjson.h"

namespace shop::orderjson {

namespace {

QJsonObject itemJson(const OrderItem &item)
{
    return {
        {QStringLiteral("id"), idText(item.id)},
        {QStringLiteral("productId"), idText(item.productId)},
        {QStringLiteral("productSku"), item.productSku},
        {QStringLiteral("productName"), item.productName},
        {QStringLiteral("quantity"), item.quantity},
        {QStringLiteral("priceSnapshot"), item.priceSnapshot.toJson()},
        {QStringLiteral("subtotal"), item.subtotal.toJson()},
    };
}

QJsonArray itemsJson(const Order &order)
{
    QJsonArray items;
    for (const OrderItem &item : order.items)
        items.append(itemJson(item));
    return items;
}

// Optional fields are always present, null when unset, as the Spring
// platform's OrderDto writes them: clients may test them for null.
QJsonValue orNull(const std::optional<QString> &text)
{
    return text ? QJsonValue(*text) : QJsonValue(QJsonValue::Null);
}

QJsonValue orNull(const std::optional<QDateTime> &time)
{
    return time ? QJsonValue(toIsoUtc(*time)) : QJsonValue(QJsonValue::Null);
}

// What both shapes show: the order itself, not who placed it.
QJsonObject orderFacts(const Order &order)
{
    return {
        {QStringLiteral("orderNumber"), order.orderNumber},
        {QStringLiteral("items"), itemsJson(order)},
        {QStringLiteral("subtotal"), order.subtotal.toJson()},
        {QStringLiteral("status"), statusName(order.status)},
        {QStringLiteral("paymentStatus"), statusName(order.paymentStatus)},
        {QStringLiteral("createdAt"), toIsoUtc(order.createdAt)},
        {QStringLiteral("updatedAt"), toIsoUtc(order.updatedAt)},
        {QStringLiteral("completedAt"), orNull(order.completedAt)},
        {QStringLiteral("fulfilledAt"), orNull(order.fulfilledAt)},
        {QStringLiteral("cancelledAt"), orNull(order.cancelledAt)},
    };
}

} // namespace

QJsonObject toJson(const Order &order)
{
    QJsonObject object = orderFacts(order);
    object.insert(QStringLiteral("id"), idText(order.id));
    // The same shape checkout accepted and OrderCreated carried.
    object.insert(QStringLiteral("customerInfo"), customerJson(order.customer));
    object.insert(QStringLiteral("paymentMethod"), orNull(order.paymentMethod));
    object.insert(QStringLiteral("trackingNumber"), orNull(order.trackingNumber));
    object.insert(QStringLiteral("carrier"), orNull(order.carrier));
    object.insert(QStringLiteral("fulfillmentNotes"), orNull(order.fulfillmentNotes));
    object.insert(QStringLiteral("cancellationReason"), orNull(order.cancellationReason));
    if (!order.refunds.isEmpty())
        object.insert(QStringLiteral("refunds"), refundjson::toJson(order.refunds));
    return object;
}

QJsonObject toPublicJson(const Order &order)
{
    QJsonObject object = orderFacts(order);
    object.insert(QStringLiteral("customerInfo"),
                  QJsonObject{{QStringLiteral("email"), maskEmail(order.customer.email)}});
    return object;
}

QString maskEmail(const QString &email)
{
    const qsizetype at = email.lastIndexOf(u'@');
    if (at < 1)
        return QStringLiteral("***");
    const qsizetype first = email.at(0).isHighSurrogate() ? 2 : 1; // one whole character
    return email.left(first) + QStringLiteral("***") + email.mid(at);
}

QJsonArray toJson(const QList<Order> &orders)
{
    QJsonArray array;
    for (const Order &order : orders)
        array.append(toJson(order));
    return array;
}

} // namespace shop::orderjson
