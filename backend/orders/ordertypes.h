#pragma once

#include "events/customerinfo.h"
#include "events/orderstatus.h"
#include "core/money.h"
#include "core/textrules.h" // isOrderNumber
#include "refundtypes.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

// The order's value types, shared by the order REST API, the order daemon
// and the manager window. Free of HTTP and SQL: orderjson.* and
// OrderRepository translate.
namespace shop {

struct OrderItem
{
    QUuid id;
    QUuid productId;
    QString productSku;
    QString productName;
    int quantity = 0;
    Money priceSnapshot;
    Money subtotal;
};

// One row of the order's history: who moved it from which status to which.
struct OrderStatusChange
{
    std::optional<OrderStatus> from; // none for the row written when the order arrived
    OrderStatus to = OrderStatus::Pending;
    std::optional<QString> reason;
    std::optional<QString> changedBy;
    std::optional<QString> correlationId;
    QDateTime changedAt;
};

struct Order
{
    QUuid id;
    QString orderNumber;
    CustomerInfo customer;
    QList<OrderItem> items; // in the order the customer's cart listed them
    Money subtotal;
    OrderStatus status = OrderStatus::Pending;
    PaymentStatus paymentStatus = PaymentStatus::Pending;
    std::optional<QString> paymentMethod;
    // Why the payment failed (orders.payment_transactions), for a FAILED
    // order read by number; empty otherwise and in listings.
    std::optional<QString> paymentFailureReason;
    qint64 version = 0; // bumped by every change
    QDateTime createdAt;
    QDateTime updatedAt;
    std::optional<QDateTime> completedAt;
    std::optional<QString> trackingNumber;
    std::optional<QString> carrier;
    std::optional<QString> fulfillmentNotes;
    std::optional<QDateTime> fulfilledAt;
    std::optional<QString> cancellationReason;
    std::optional<QDateTime> cancelledAt;
    // Oldest first. Filled when one order is read (by number), left empty in
    // listings, which show the current state only.
    QList<OrderStatusChange> history;
    // Oldest first; filled when one order is read (by number), like history.
    QList<Refund> refunds;
};

// The manager's order list filter; each criterion applies when set.
// Both dates are inclusive bounds on createdAt.
struct OrderFilter
{
    std::optional<OrderStatus> status;
    std::optional<QString> customerEmail; // compared case-insensitively
    std::optional<QDateTime> startDate;
    std::optional<QDateTime> endDate;
};

// One page of the order list, newest first (createdAt, then id, descending).
struct OrderPage
{
    QList<Order> items;
    qint64 totalElements = 0; // matching orders on all pages; 0 for a page read after an order, unless counted
};

// Keyset paging of the order list (the manager window's scrolling): the
// page after this order, the last of the page before. It costs the same
// however deep it is.
struct OrderCursor
{
    QDateTime createdAt;
    QUuid id;
};

// Whether a page read after a cursor also counts every match.
enum class PageTotal { NotCounted, Counted };

// What a manager records when handing an order to the carrier; every field
// is optional.
struct Fulfillment
{
    std::optional<QString> trackingNumber;
    std::optional<QString> carrier;
    std::optional<QString> notes;
};

} // namespace shop
