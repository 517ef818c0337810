#pragma once

#include "core/errors.h"
#include "core/money.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

#include <chrono>

namespace shop {

// A cart lives 30 minutes after its last change (the contract's expiresAt).
inline constexpr std::chrono::minutes kCartLifetime{30};

// When a cart changed at lastChange expires.
QDateTime cartExpiryAfter(const QDateTime &lastChange);

// One line of a cart. SKU, name and price are copied from the product when
// the line is first added; a change of its quantity takes the product's
// current price again, and checkout refuses (409) a line whose price changed
// since, refreshing it, so an order is always placed at current prices.
struct CartItem
{
    QUuid id;
    QUuid productId;
    QString productSku;
    QString productName;
    int quantity = 0;
    Money priceSnapshot;

    Money subtotal() const { return priceSnapshot * quantity; }
};

struct Cart
{
    QUuid id;
    QString sessionId;
    QList<CartItem> items;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime expiresAt;

    Money subtotal() const
    {
        Money total;
        for (const CartItem &item : items)
            total = total + item.subtotal();
        return total;
    }
};

// What a session without a live cart reads: no items, nothing stored. Its id
// is the nil UUID, because the cart gets its real id only when its first item
// is added.
Cart emptyCart(const QString &sessionId, const QDateTime &now);

// What a cart needs to know about a product when it is added or changed.
struct CartProduct
{
    QUuid id;
    QString sku;
    QString name;
    Money price;
    int inventoryQuantity = 0;
    bool isActive = false;
};

// Input rules shared by REST, POS and checkout; empty when the value is fine.
QList<FieldError> validateSessionId(const QString &sessionId, const QString &field = QStringLiteral("sessionId"));
QList<FieldError> validateQuantity(qint64 quantity, const QString &field = QStringLiteral("quantity"));

} // namespace shop
