#include "orderprocessor.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/metrics.h"
#include "db/database.h"
#include "messaging/kafkanames.h"
#include "ordermetrics.h"

#include <QElapsedTimer>

namespace shop {

namespace {

const QString kProcessing = QStringLiteral("PROCESSING");
const QString kPending = QStringLiteral("PENDING");

// Still waiting for its money: not settled, and not cancelled meanwhile.
bool isChargeable(const OrderPaymentState &state)
{
    return !state.isSettled && (state.status == kPending || state.status == kProcessing);
}

const char *failureLabel(ChargeResult::Outcome outcome)
{
    return outcome == ChargeResult::Outcome::Declined ? "declined" : "gateway_unavailable";
}

const char *outcomeLabel(ChargeResult::Outcome outcome)
{
    switch (outcome) {
    case ChargeResult::Outcome::Approved:
        return "approved";
    case ChargeResult::Outcome::Declined:
        return "declined";
    case ChargeResult::Outcome::Unavailable:
        break;
    }
    return "unavailable";
}

const QString kOtherMethod = QStringLiteral("OTHER");

// A charge: the mock's 50 ms, a real gateway's second or two, up to the timeout and retries.
const prometheus::Histogram::BucketBoundaries kPaymentBuckets{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

} // namespace

OrderProcessor::OrderProcessor(Database &database, PaymentGateway &gateway, Metrics &metrics, const Clock &clock,
                               std::chrono::milliseconds paymentTimeout, std::function<bool()> isStopping)
    : m_database(database)
    , m_gateway(gateway)
    , m_clock(clock)
    , m_paymentTimeout(paymentTimeout)
    , m_isStopping(std::move(isStopping))
    , m_orders(database)
    , m_batches(database)
    , m_processed(database, QStringLiteral("orders.processed_events"))
    , m_outbox(database, QStringLiteral("orders.outbox"))
    , m_refundRequests(database)
    , m_ordersCreated(prometheus::BuildCounter()
                          .Name("orders_created_total")
                          .Help("Orders created from OrderCreated events (duplicates not counted)")
                          .Register(metrics.registry())
                          .Add({}))
    , m_paymentsSucceeded(prometheus::BuildCounter()
                              .Name("payments_success_total")
                              .Help("Payments the gateway approved")
                              .Register(metrics.registry())
                              .Add({}))
    , m_paymentsFailed(prometheus::BuildCounter()
                           .Name("payments_failed_total")
                           .Help("Payments that failed, by reason (declined, gateway_unavailable)")
                           .Register(metrics.registry()))
    , m_processingDuration(prometheus::BuildHistogram()
                               .Name("order_processing_duration_seconds")
                               .Help("From the OrderCreated event's timestamp to the order being PAID or FAILED")
                               .Register(metrics.registry())
                               .Add({}, prometheus::Histogram::BucketBoundaries{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
                                                                                60, 300}))
    , m_paymentDuration(prometheus::BuildHistogram()
                            .Name("payment_duration_seconds")
                            .Help("One charge through the payment gateway (retries included), by outcome")
                            .Register(metrics.registry()))
    , m_revenue(prometheus::BuildCounter()
                    .Name("revenue_cents_total")
                    .Help("Paid order totals in cents, by payment method (the gateway's, CASH or OTHER)")
                    .Register(metrics.registry()))
    , m_transitions(orderStatusTransitions(metrics))
    , m_inFlight(prometheus::BuildGauge()
                     .Name("orders_in_flight")
                     .Help("Orders created and not yet PAID, FAILED or CANCELLED (from the database)")
                     .Register(metrics.registry())
                     .Add({}))
{
    for (const char *reason : {"declined", "gateway_unavailable"})
        m_paymentsFailed.Add({{"reason", reason}});
    for (const auto outcome :
         {ChargeResult::Outcome::Approved, ChargeResult::Outcome::Declined, ChargeResult::Outcome::Unavailable})
        m_paymentDuration.Add({{"outcome", outcomeLabel(outcome)}}, kPaymentBuckets);
    for (const QString &method : {m_gateway.paymentMethod(), kPaymentMethodCash, kOtherMethod})
        m_revenue.Add({{"payment_method", method.toStdString()}});
}

HandlingResult OrderProcessor::onOrderCreated(const IncomingMessage &message)
{
    const Result<OrderCreatedEvent> event = OrderCreatedEvent::parse(message.payload);
    if (!event)
        return HandlingResult::invalid(fieldErrorsText(event.error().fields));
    if (HandlingResult created = createOrder(event.value()); created.outcome != HandlingResult::Outcome::Done)
        return created;
    return settlePayment(event->orderId);
}

HandlingResult OrderProcessor::createOrder(const OrderCreatedEvent &event)
{
    const DbResult<bool> isNewOrder = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<bool> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<bool> isNewEvent =
                m_processed.record(event.eventId, QLatin1String(OrderCreatedEvent::kType));
            if (!isNewEvent)
                return isNewEvent;
            if (!isNewEvent.value())
                return false; // applied before
            const QString method = event.paymentMethod.isEmpty() ? m_gateway.paymentMethod() : event.paymentMethod;
            const DbResult<bool> inserted = m_orders.insertOrder(event, method);
            if (!inserted)
                return inserted;
            if (!transaction.commit())
                return transaction.error();
            return inserted;
        },
        Database::Retry::OnceIfConnectionLost);
    if (!isNewOrder)
        return databaseFailureResult("orders", "creating the order", isNewOrder.error());
    if (isNewOrder.value())
        noteOrderCreated(event.orderNumber);
    return HandlingResult::done();
}

void OrderProcessor::noteOrderCreated(const QString &orderNumber)
{
    m_ordersCreated.Increment();
    m_transitions.Add({{"to", "PENDING"}}).Increment();
    log::info("orders", QStringLiteral("order created"), {{QStringLiteral("orderNumber"), orderNumber}});
}

DbResult<bool> OrderProcessor::claimPayment(const OrderPaymentState &locked)
{
    bool isNowProcessing = false;
    if (locked.status == kPending) {
        if (const DbResult<Done> changed =
                m_orders.changeStatus(locked.orderId, kPending, kProcessing, {}, locked.correlationId);
            !changed)
            return changed.error();
        isNowProcessing = true;
    }
    if (const DbResult<Done> counted = m_orders.countPaymentAttempt(locked.paymentTransactionId); !counted)
        return counted.error();
    return isNowProcessing;
}

HandlingResult OrderProcessor::settlePayment(const QUuid &orderId)
{
    // Step 1: claim the payment (PENDING -> PROCESSING) and count the attempt.
    bool isNowProcessing = false;
    const DbResult<std::optional<OrderPaymentState>> claimed = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<std::optional<OrderPaymentState>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            DbResult<std::optional<OrderPaymentState>> state = m_orders.lockForPayment(orderId);
            if (!state || !state.value() || !isChargeable(*state.value()))
                return state; // unknown, settled or cancelled before we got to it: nothing to charge
            const DbResult<bool> moved = claimPayment(*state.value());
            if (!moved)
                return moved.error();
            isNowProcessing = moved.value();
            if (!transaction.commit())
                return transaction.error();
            return state;
        },
        Database::Retry::OnceIfConnectionLost);
    if (!claimed)
        return databaseFailureResult("orders", "starting the payment", claimed.error());
    if (isNowProcessing)
        m_transitions.Add({{"to", "PROCESSING"}}).Increment();
    if (!claimed.value() || !isChargeable(*claimed.value()))
        return HandlingResult::done();
    const OrderPaymentState &state = *claimed.value();

    // Step 2: charge, outside any transaction (the gateway may take seconds).
    // Cash was taken at the till: there is nothing to charge.
    if (state.paymentMethod == kPaymentMethodCash)
        return publishPaymentResult(state, {ChargeResult::Outcome::Approved, QStringLiteral("cash-") + state.orderNumber, {}});
    if (m_isStopping())
        return HandlingResult::unavailable(QStringLiteral("stopping before the charge"));
    const ChargeResult result = charge(state);
    if (!result.isApproved() && m_isStopping()) // interrupted, not decided: the next owner charges again
        return HandlingResult::unavailable(QStringLiteral("stopping during the charge"));
    return publishPaymentResult(state, result);
}

ChargeResult OrderProcessor::charge(const OrderPaymentState &state)
{
    QElapsedTimer timer;
    timer.start();
    ChargeResult result =
        m_gateway.charge({state.orderId, state.orderNumber, state.amount, state.correlationId}, m_paymentTimeout);
    m_paymentDuration.Add({{"outcome", outcomeLabel(result.outcome)}}, kPaymentBuckets)
        .Observe(double(timer.nsecsElapsed()) / 1e9);
    return result;
}

std::vector<ChargeResult> OrderProcessor::chargeAll(const std::vector<const OrderPaymentState *> &states)
{
    std::vector<ChargeRequest> requests;
    for (const OrderPaymentState *state : states)
        requests.push_back({state->orderId, state->orderNumber, state->amount, state->correlationId});
    QElapsedTimer timer;
    timer.start();
    std::vector<ChargeResult> results = m_gateway.chargeAll(requests, m_paymentTimeout);
    results.resize(states.size(), ChargeResult{ChargeResult::Outcome::Unavailable, {}, QStringLiteral("no answer")});
    // Each order waited for the whole call.
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    for (const ChargeResult &result : results)
        m_paymentDuration.Add({{"outcome", outcomeLabel(result.outcome)}}, kPaymentBuckets).Observe(seconds);
    return results;
}

HandlingResult OrderProcessor::publishPaymentResult(const OrderPaymentState &charged, const ChargeResult &result)
{
    // Step 3: the outcome becomes a PaymentCompleted in orders.outbox, once.
    const DbResult<bool> isWritten = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<bool> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<bool> appended = appendPaymentCompleted(charged.orderId, result);
            if (!appended || !appended.value())
                return appended;
            if (!transaction.commit())
                return transaction.error();
            return true;
        },
        Database::Retry::OnceIfConnectionLost);
    if (!isWritten)
        return databaseFailureResult("orders", "recording the payment result", isWritten.error());
    if (isWritten.value())
        notePaymentResult(charged.orderNumber, result);
    return HandlingResult::done();
}

DbResult<bool> OrderProcessor::appendPaymentCompleted(const QUuid &orderId, const ChargeResult &result)
{
    const DbResult<std::optional<OrderPaymentState>> locked = m_orders.lockForPayment(orderId);
    if (!locked)
        return locked.error();
    if (!locked.value() || locked.value()->isSettled)
        return false;
    if (const DbResult<Done> appended = m_outbox.append(paymentCompletedMessage(*locked.value(), result)); !appended)
        return appended.error();
    return true;
}

OutboxMessage OrderProcessor::paymentCompletedMessage(const OrderPaymentState &state, const ChargeResult &result) const
{
    PaymentCompletedEvent event;
    event.eventId = QUuid::createUuid();
    event.timestamp = m_clock.now();
    event.correlationId = state.correlationId;
    event.orderId = state.orderId;
    event.orderNumber = state.orderNumber;
    event.paymentTransactionId = state.paymentTransactionId;
    event.isSuccess = result.isApproved();
    event.amount = state.amount;
    event.paymentMethod = state.paymentMethod;
    event.externalTransactionId = result.externalTransactionId;
    event.failureReason = result.failureReason;
    return {event.eventId, event.orderId, QLatin1String(PaymentCompletedEvent::kType),
            topics::paymentsCompleted, idText(event.orderId), event.toJson(), event.correlationId};
}

void OrderProcessor::notePaymentResult(const QString &orderNumber, const ChargeResult &result)
{
    if (result.isApproved())
        m_paymentsSucceeded.Increment();
    else
        m_paymentsFailed.Add({{"reason", failureLabel(result.outcome)}}).Increment();
    log::info("orders", result.isApproved() ? QStringLiteral("payment approved") : QStringLiteral("payment failed"),
              {{QStringLiteral("orderNumber"), orderNumber}, {QStringLiteral("failureReason"), result.failureReason}});
}

HandlingResult OrderProcessor::onPaymentCompleted(const IncomingMessage &message)
{
    const Result<PaymentCompletedEvent> parsed = PaymentCompletedEvent::parse(message.payload);
    if (!parsed)
        return HandlingResult::invalid(fieldErrorsText(parsed.error().fields));
    const PaymentCompletedEvent &event = parsed.value();
    std::optional<QUuid> refundId;
    const DbResult<OrderAfterPayment> applied = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<OrderAfterPayment> {
            refundId.reset();
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<OrderAfterPayment> order = applyPaymentCompleted(event, refundId);
            if (!order)
                return order;
            if (!transaction.commit())
                return transaction.error();
            return order;
        },
        Database::Retry::OnceIfConnectionLost);
    if (!applied)
        return databaseFailureResult("orders", "applying the payment result", applied.error());
    noteAppliedPayment(event, applied.value(), refundId);
    return HandlingResult::done();
}

DbResult<OrderAfterPayment> OrderProcessor::applyPaymentCompleted(const PaymentCompletedEvent &event,
                                                                  std::optional<QUuid> &refundId)
{
    refundId.reset();
    const DbResult<bool> isNewEvent = m_processed.record(event.eventId, QLatin1String(PaymentCompletedEvent::kType));
    if (!isNewEvent)
        return isNewEvent.error();
    if (!isNewEvent.value())
        return OrderAfterPayment(); // applied before
    const DbResult<OrderAfterPayment> order = m_orders.applyPaymentResult(event);
    if (!order)
        return order;
    // Charged for an order a manager cancelled meanwhile: the money goes
    // back, asked for in this transaction.
    if (event.isSuccess && !order.value().createdAt && order.value().status == u"CANCELLED") {
        const RefundRequests::Origin origin{QStringLiteral("payment approved after the order was cancelled"),
                                            QStringLiteral("system"), event.correlationId, m_clock.now()};
        const DbResult<std::optional<QUuid>> requested = m_refundRequests.requestCancellationRefund(event.orderId, origin);
        if (!requested)
            return requested.error();
        refundId = requested.value();
    }
    return order;
}

void OrderProcessor::noteAppliedPayment(const PaymentCompletedEvent &event, const OrderAfterPayment &order,
                                        const std::optional<QUuid> &refundId)
{
    if (order.createdAt) {
        m_processingDuration.Observe(double(order.createdAt->msecsTo(m_clock.now())) / 1000.0);
        m_transitions.Add({{"to", order.status.toStdString()}}).Increment();
        if (event.isSuccess)
            countRevenue(event);
        log::info("orders", QStringLiteral("order %1").arg(order.status.toLower()),
                  {{QStringLiteral("orderNumber"), event.orderNumber}});
    } else if (refundId) {
        log::info("orders", QStringLiteral("payment approved for a cancelled order; refund requested"),
                  {{QStringLiteral("orderNumber"), event.orderNumber}, {QStringLiteral("refundId"), idText(*refundId)}});
    }
}

// The method is the event's, so a label only for the values we know keeps
// another service's spelling from making series without end.
void OrderProcessor::countRevenue(const PaymentCompletedEvent &paid)
{
    const bool isKnown = paid.paymentMethod == m_gateway.paymentMethod() || paid.paymentMethod == kPaymentMethodCash;
    m_revenue.Add({{"payment_method", (isKnown ? paid.paymentMethod : kOtherMethod).toStdString()}})
        .Increment(double(paid.amount.cents()));
}

void OrderProcessor::purgeProcessedEvents()
{
    m_processed.purgeExpired();
}

void OrderProcessor::refreshInFlightCount()
{
    const DbResult<qint64> inFlight =
        m_database.run([&](QSqlDatabase &) { return m_orders.countInFlight(); }, Database::Retry::OnceIfConnectionLost);
    if (inFlight)
        m_inFlight.Set(double(inFlight.value()));
}

} // namespace shop
