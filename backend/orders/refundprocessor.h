#pragma once

#include "messaging/eventconsumer.h"
#include "messaging/outboxwriter.h"
#include "messaging/processedevents.h"
#include "payments/paymentgateway.h"
#include "refundrepository.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>

#include <chrono>
#include <functional>

namespace shop {

class Clock;
class Database;
class Metrics;

// The order daemon's handling of RefundRequested, exactly once in money:
//
// 1. claim the refund (still REQUESTED? count the attempt), in a
//    transaction of its own;
// 2. pay it back through the gateway with the refund's idempotency key,
//    outside any transaction;
// 3. in one transaction: the eventId in orders.processed_events, the result
//    on the refund (SUCCEEDED or FAILED), on the payment and the order, and
//    a PaymentRefunded in orders.outbox.
//
// A redelivery, or a daemon killed between 2 and 3, asks the gateway again
// with the same key and gets the first answer: nothing is paid twice. Only
// one transaction can move a refund out of REQUESTED.
class RefundProcessor
{
public:
    RefundProcessor(Database &database, PaymentGateway &gateway, Metrics &metrics, const Clock &clock,
                    std::chrono::milliseconds paymentTimeout, std::function<bool()> isStopping);

    HandlingResult onRefundRequested(const IncomingMessage &message);
    // Sets refunds_failed to the number of FAILED refunds (they need a manager).
    void refreshFailedCount();

private:
    RefundResult payBack(const RefundClaim &claim);
    HandlingResult recordResult(const QUuid &eventId, const RefundClaim &claim, const RefundResult &result,
                                const QString &correlationId);

    Database &m_database;
    PaymentGateway &m_gateway;
    const Clock &m_clock;
    std::chrono::milliseconds m_paymentTimeout;
    std::function<bool()> m_isStopping;
    RefundRepository m_refunds;
    ProcessedEvents m_processed;
    OutboxWriter m_outbox;
    prometheus::Family<prometheus::Counter> &m_results;
    prometheus::Gauge &m_failed;
};

} // namespace shop
