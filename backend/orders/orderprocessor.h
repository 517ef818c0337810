#pragma once

#include "messaging/outboxwriter.h"
#include "messaging/processedevents.h"
#include "messaging/eventconsumer.h"
#include "orderbatchrepository.h"
#include "orderprocessingrepository.h"
#include "refundrequests.h"
#include "payments/paymentgateway.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <vector>

namespace shop {

class Clock;
class Database;
class Metrics;
class PaymentGateway;

// The order daemon's work, one event at a time (called by the consumer):
//
// OrderCreated -> the order, its items and a PENDING payment, in one
// transaction with the eventId; then the payment: PROCESSING, one charge
// through the gateway (idempotent by orderId), and a PaymentCompleted event
// written to orders.outbox for the relay. A redelivered OrderCreated skips
// the creation but still finishes a payment that a crash interrupted, so an
// order always reaches PaymentCompleted.
//
// PaymentCompleted -> the payment row and the order (PAID or FAILED), in one
// transaction with the eventId; an approved payment of an order cancelled
// meanwhile asks for its refund in that same transaction (RefundProcessor
// pays it).
class OrderProcessor
{
public:
    OrderProcessor(Database &database, PaymentGateway &gateway, Metrics &metrics, const Clock &clock,
                   std::chrono::milliseconds paymentTimeout, std::function<bool()> isStopping);

    HandlingResult onOrderCreated(const IncomingMessage &message);
    HandlingResult onPaymentCompleted(const IncomingMessage &message);
    // The same for the messages of one poll (orderbatches.cpp): the orders
    // created and their payments claimed in one transaction, the charges
    // asked for together outside it, their PaymentCompleted rows in a second; the
    // results of a poll of payment results in one. Each step is a fixed
    // number of statements whatever the poll's size. Messages it could not
    // finish are answered Unavailable, for the consumer to hand to the
    // one-message handler above.
    std::vector<HandlingResult> onOrderCreatedBatch(const std::vector<IncomingMessage> &messages);
    std::vector<HandlingResult> onPaymentCompletedBatch(const std::vector<IncomingMessage> &messages);
    // Housekeeping: forgets eventIds older than the topics' 7-day retention.
    void purgeProcessedEvents();
    // Sets the orders_in_flight gauge from the database (all daemons' orders
    // alike, so every daemon reports the same number); for PeriodicJobs.
    void refreshInFlightCount();

private:
    HandlingResult createOrder(const OrderCreatedEvent &event);
    HandlingResult settlePayment(const QUuid &orderId);
    HandlingResult publishPaymentResult(const OrderPaymentState &charged, const ChargeResult &result);
    ChargeResult charge(const OrderPaymentState &state);
    // The PaymentCompleted event of a charge, as the outbox stores it.
    OutboxMessage paymentCompletedMessage(const OrderPaymentState &state, const ChargeResult &result) const;
    std::vector<ChargeResult> chargeAll(const std::vector<const OrderPaymentState *> &states);
    // Inside the caller's transaction: the claim of a locked order's payment
    // (PENDING -> PROCESSING, one more attempt); true when its status moved.
    DbResult<bool> claimPayment(const OrderPaymentState &locked);
    // Inside the caller's transaction: the PaymentCompleted of a charge,
    // unless the order is gone or settled already (then false).
    DbResult<bool> appendPaymentCompleted(const QUuid &orderId, const ChargeResult &result);
    void notePaymentResult(const QString &orderNumber, const ChargeResult &result);
    void noteOrderCreated(const QString &orderNumber);
    // Inside the caller's transaction: a payment result applied once; the
    // refund asked for when the order was cancelled meanwhile.
    DbResult<OrderAfterPayment> applyPaymentCompleted(const PaymentCompletedEvent &event, std::optional<QUuid> &refundId);
    void noteAppliedPayment(const PaymentCompletedEvent &event, const OrderAfterPayment &order,
                            const std::optional<QUuid> &refundId);
    void countRevenue(const PaymentCompletedEvent &paid);

    Database &m_database;
    PaymentGateway &m_gateway;
    const Clock &m_clock;
    std::chrono::milliseconds m_paymentTimeout;
    std::function<bool()> m_isStopping;
    OrderProcessingRepository m_orders;
    OrderBatchRepository m_batches;
    ProcessedEvents m_processed;
    OutboxWriter m_outbox;
    RefundRequests m_refundRequests;
    prometheus::Counter &m_ordersCreated;
    prometheus::Counter &m_paymentsSucceeded;
    prometheus::Family<prometheus::Counter> &m_paymentsFailed;
    prometheus::Histogram &m_processingDuration;
    prometheus::Family<prometheus::Histogram> &m_paymentDuration;
    prometheus::Family<prometheus::Counter> &m_revenue;
    prometheus::Family<prometheus::Counter> &m_transitions;
    prometheus::Gauge &m_inFlight;
    // The size of the next group of charges of a batch (orderbatches.cpp);
    // the consumers' threads share it.
    std::atomic<std::size_t> m_chargeGroup{1};
};

} // namespace shop
