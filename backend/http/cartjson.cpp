#include "cartjson.h"

#include "core/clock.h"

#include <QJsonArray>

namespace shop {

QJsonObject cartItemJson(const CartItem &item)
{
    return {
        {QStringLiteral("id"), item.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("productId"), item.productId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("productSku"), item.productSku},
        {QStringLiteral("productName"), item.productName},
        {QStringLiteral("quantity"), item.quantity},
        {QStringLiteral("priceSnapshot"), item.priceSnapshot.toJson()},
        {QStringLiteral("subtotal"), item.subtotal().toJson()},
    };
}

QJsonObject cartJson(const Cart &cart)
{
    QJsonArray items;
    for (const CartItem &item : cart.items)
        items.append(cartItemJson(item));
    return {
        {QStringLiteral("id"), cart.id.toString(QUuid::WithoutBraces)},
        {QStringLiteral("sessionId"), cart.sessionId},
        {QStringLiteral("items"), items},
        {QStringLiteral("subtotal"), cart.subtotal().toJson()},
        {QStringLiteral("createdAt"), toIsoUtc(cart.createdAt)},
        {QStringLiteral("updatedAt"), toIsoUtc(cart.updatedAt)},
        {QStringLiteral("expiresAt"), toIsoUtc(cart.expiresAt)},
    };
}

} // namespace shop
