#include "cartjson.h"

#include "core/clock.h"
#include "core/ids.h"

#include <QJsonArray>

namespace shop {

QJsonObject cartItemJson(const CartItem &item)
{
    return {
        {QStringLiteral("id"), idText(item.id)},
        {QStringLiteral("productId"), idText(item.productId)},
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
        {QStringLiteral("id"), idText(cart.id)},
        {QStringLiteral("sessionId"), cart.sessionId},
        {QStringLiteral("items"), items},
        {QStringLiteral("subtotal"), cart.subtotal().toJson()},
        {QStringLiteral("createdAt"), toIsoUtc(cart.createdAt)},
        {QStringLiteral("updatedAt"), toIsoUtc(cart.updatedAt)},
        {QStringLiteral("expiresAt"), toIsoUtc(cart.expiresAt)},
    };
}

} // namespace shop
