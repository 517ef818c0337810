#pragma once

#include <QString>
#include <QStringList>

#include <optional>

// The order and payment statuses of the contract, as order responses and
// the OrderCancelled event spell them.
namespace shop {

// PENDING -> PROCESSING -> PAID -> FULFILLED, PENDING/PROCESSING -> FAILED,
// PENDING/PROCESSING/PAID -> CANCELLED (contract.md, "Order API").
enum class OrderStatus { Pending, Processing, Paid, Fulfilled, Failed, Cancelled };

// SUCCESS -> PARTIALLY_REFUNDED -> REFUNDED as refunds succeed: the money
// side of an order; a refund leaves the order's own status as it is.
enum class PaymentStatus { Pending, Success, Failed, PartiallyRefunded, Refunded };

// "PENDING", "PAID", ...: the wire and database spelling.
QString statusName(OrderStatus status);
QString statusName(PaymentStatus status);
// The exact upper-case name, nothing else.
std::optional<OrderStatus> parseOrderStatus(const QString &name);
std::optional<PaymentStatus> parsePaymentStatus(const QString &name);
// Every order status name, in lifecycle order, for messages and pickers.
QStringList orderStatusNames();

// The manager operations' rules, for the service to enforce and the GUI to
// enable its buttons by.
bool canCancel(OrderStatus status);  // PENDING, PROCESSING or PAID
bool canFulfill(OrderStatus status); // PAID only

} // namespace shop
