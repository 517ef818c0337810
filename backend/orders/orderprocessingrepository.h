#pragma once

#include "core/money.h"
#include "db/dbresult.h"
#include "events/ordercreatedevent.h"
#include "events/paymentcompletedevent.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

#include <optional>

namespace shop {

class Database;

// An order as the payment step sees it, its row locked.
struct OrderPaymentState
{
    QUuid orderId;
    QString orderNumber;
    QString status;
    Money amount;
    QString correlationId;
    QUuid paymentTransactionId;
    QString paymentMethod;
    // A PaymentCompleted was written for this order already: its payment is settled.
    bool isSettled = false;
};

// What applying a payment result did to its order.
struct OrderAfterPayment
{
    QString status; // the order's status now; empty when there is no such order
    std::optional<QDateTime> createdAt; // set only when the payment moved the order (to PAID or FAILED)
};

// The SQL of the daemon's event processing (orders schema only). Every method
// runs on the calling thread's connection inside the caller's transaction
// and answers its rows or the driver's error.
class OrderProcessingRepository
{
public:
    explicit OrderProcessingRepository(Database &database);

    // The order (PENDING, created at the event's timestamp), its items, its
    // first history row and its PENDING payment. False when an order with
    // this id exists already (then nothing is written).
    DbResult<bool> insertOrder(const OrderCreatedEvent &event, const QString &paymentMethod);
    DbResult<std::optional<OrderPaymentState>> lockForPayment(const QUuid &orderId);
    DbResult<Done> changeStatus(const QUuid &orderId, const QString &from, const QString &to, const QString &reason,
                                const QString &correlationId);
    DbResult<Done> countPaymentAttempt(const QUuid &paymentTransactionId);
    // Settles the payment and, if the order still waits for it, moves the
    // order to PAID or FAILED.
    DbResult<OrderAfterPayment> applyPaymentResult(const PaymentCompletedEvent &event);
    // Orders created and not yet PAID, FAILED or CANCELLED (PENDING or PROCESSING).
    DbResult<qint64> countInFlight();

private:
    DbResult<Done> insertItems(const OrderCreatedEvent &event);

    Database &m_database;
};

} // namespace shop
