#pragma once

#include "core/money.h"
#include "events/ordercreatedevent.h"
#include "events/paymentcompletedevent.h"

#include <QDateTime>
#include <QSqlError>
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

// The SQL of the daemon's event processing (orders schema only). Every method
// runs on the calling thread's connection inside the caller's transaction.
class OrderProcessingRepository
{
public:
    explicit OrderProcessingRepository(Database &database);

    // The order (PENDING, created at the event's timestamp), its items, its
    // first history row and its PENDING payment. isNew is false when an
    // order with this id exists already (then nothing is written).
    QSqlError insertOrder(const OrderCreatedEvent &event, const QString &paymentMethod, bool &isNew);
    QSqlError lockForPayment(const QUuid &orderId, std::optional<OrderPaymentState> &state);
    QSqlError changeStatus(const QUuid &orderId, const QString &from, const QString &to, const QString &reason,
                           const QString &correlationId);
    QSqlError countPaymentAttempt(const QUuid &paymentTransactionId);
    // Settles the payment and, if the order still waits for it, moves the
    // order to PAID or FAILED; orderCreatedAt is set when the order moved.
    QSqlError applyPaymentResult(const PaymentCompletedEvent &event, std::optional<QDateTime> &orderCreatedAt,
                                 QString &orderStatus);

private:
    QSqlError insertItems(const OrderCreatedEvent &event);

    Database &m_database;
};

} // namespace shop
