#pragma once

#include "messaging/outboxwriter.h"
#include "messaging/processedevents.h"
#include "messaging/eventconsumer.h"
#include "orderprocessingrepository.h"
#include "refundrequests.h"
#include "payments/paymentgateway.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <chrono>
#include <functional>

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
    void countRevenue(const PaymentCompletedEvent &paid);

    Database &m_database;
    PaymentGateway &m_gateway;
    const Clock &m_clock;
    std::chrono::milliseconds m_paymentTimeout;
    std::function<bool()> m_isStopping;
    OrderProcessingRepository m_orders;
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
};

} // namespace shop
