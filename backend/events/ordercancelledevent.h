#pragma once

#include "core/errors.h"
#include "orderstatus.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QUuid>

namespace shop {

// The OrderCancelled event (topic orders.cancelled, key = orderId): written
// by the order daemon when a manager cancels an order, consumed by the
// catalog side to put the items back into stock.
struct OrderCancelledEvent
{
    static constexpr const char *kTopic = "orders.cancelled";
    static constexpr const char *kType = "ORDER_CANCELLED";
    static constexpr const char *kVersion = "1.0";

    // What goes back into stock.
    struct Item
    {
        QUuid productId;
        QString productSku;
        int quantity = 0;
    };

    QUuid eventId;
    QDateTime timestamp;
    QString correlationId;
    QUuid orderId;
    QString orderNumber;
    OrderStatus previousStatus = OrderStatus::Pending;
    QString reason;
    QString cancelledBy; // the manager's username
    QList<Item> items;

    // The exact bytes the outbox stores and the relay publishes.
    QByteArray toJson() const;

    // The event in a message, or a Validation error whose fields name each
    // problem ("payload", "eventId", "items[1].quantity"), so a consumer can
    // send the message to the dead-letter topic with a useful reason.
    // Unknown fields are ignored; any 1.x eventVersion is accepted.
    static Result<OrderCancelledEvent> parse(const QByteArray &json);
};

} // namespace shop
