#pragma once

#include "db/dbresult.h"
#include "messaging/outboxwriter.h"
#include "orderprocessingrepository.h"

#include <QStringList>
#include <QUuid>

#include <vector>

namespace shop {

class Database;

// The SQL of the daemon's batch steps (orderbatches.cpp): each step is a
// fixed number of statements whatever the number of orders, because on a
// loaded machine every round trip waits for the scheduler on both sides.
// The rows travel as one JSON parameter, expanded by jsonb_to_recordset.
// Every method runs on the calling thread's connection inside the caller's
// transaction and answers its rows or the driver's error.
class OrderBatchRepository
{
public:
    explicit OrderBatchRepository(Database &database);

    // For the rest of the transaction, each statement is planned for the
    // tables as they are now. A prepared statement otherwise keeps, after
    // five runs, a generic plan made for the tables' sizes then, until the
    // next ANALYZE: plans made while a burst filled new tables joined them
    // by sequential scans, and kept doing so as they grew (14.5 million
    // rows read by 3,000 scans of orders and payment_transactions in one
    // 20,000-order run of tests/bench/daemon-ceiling). Planning a statement
    // costs far less than it saves for a batch of 50.
    DbResult<Done> planEachStatementAnew();

    // One event of a batch of OrderCreated, its payment method resolved.
    struct NewOrder
    {
        const OrderCreatedEvent *event = nullptr;
        QString paymentMethod;
    };

    // Records every eventId in orders.processed_events and, for those not
    // recorded before, creates the order (the first event of an orderId
    // in the batch), its items, first history row and PENDING payment, as
    // OrderProcessingRepository::insertOrder does for one. Answers the
    // order numbers of the orders created. One statement.
    DbResult<QStringList> createOrders(const std::vector<NewOrder> &orders);
    // The orders with their payments, row-locked in id order (so two batches
    // never wait for each other in a cycle); unknown ids are left out. One
    // statement.
    DbResult<std::vector<OrderPaymentState>> lockForPayment(std::vector<QUuid> orderIds);
    // The claims of locked, chargeable payments: PENDING orders to
    // PROCESSING with their history row, one more attempt for each. One
    // statement.
    DbResult<Done> claimPayments(const std::vector<OrderPaymentState> &locked);
    // The messages into orders.outbox. One statement.
    DbResult<Done> appendToOutbox(const std::vector<OutboxMessage> &messages);

    // A PaymentCompleted event of a batch and what applying it did.
    struct AppliedPayment
    {
        QUuid eventId;
        OrderAfterPayment order;
    };
    // Applies each event not applied before (recorded in
    // orders.processed_events) as OrderProcessingRepository's
    // applyPaymentResult does for one: settles the payment, moves an order
    // still waiting for it to PAID or FAILED with its history row. Answers
    // one entry per event that moved or touched an order; an event absent
    // from the answer was a duplicate or names no order. At most one event
    // per order: the caller keeps an order's later events for after. One
    // statement.
    DbResult<std::vector<AppliedPayment>> applyPaymentResults(const std::vector<const PaymentCompletedEvent *> &events);

private:
    Database &m_database;
};

} // namespace shop
