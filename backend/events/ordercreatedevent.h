#pragma once

#include "customerinfo.h"
#include "core/errors.h"
#include "core/money.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QUuid>

namespace shop {

// One line of a placed order, priced at the cart's price snapshot.
struct OrderLine
{
    QUuid productId;
    QString productSku;
    QString productName;
    int quantity = 0;
    Money priceSnapshot;

    Money subtotal() const { return priceSnapshot * quantity; }
};

// The contract's OrderCreated event (topic orders.created, key = orderId).
struct OrderCreatedEvent
{
    static constexpr const char *kTopic = "orders.created";
    static constexpr const char *kType = "ORDER_CREATED";
    static constexpr const char *kVersion = "1.0";
    // 1.1 adds the optional paymentMethod; events without one stay 1.0.
    static constexpr const char *kVersionWithPaymentMethod = "1.1";

    QUuid eventId;
    QDateTime timestamp;
    QString correlationId;
    QUuid orderId;
    QString orderNumber;
    CustomerInfo customer;
    QList<OrderLine> items;
    QUuid cartId;
    QString paymentMethod; // empty: card through the gateway; "CASH": paid at the till

    Money subtotal() const;
    // The exact bytes the outbox stores and the relay publishes.
    QByteArray toJson() const;
    // Reads a published event; a validation error names every field that is
    // missing, of the wrong type or breaking the contract's rules.
    static Result<OrderCreatedEvent> parse(const QByteArray &json);
};

// {name, email, phone, shippingAddress {street, city, state, postalCode, country}}
QJsonObject customerJson(const CustomerInfo &customer);

} // namespace shop
