#include "orderprocessor.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/metrics.h"
#include "db/database.h"
#include "messaging/kafkanames.h"

namespace shop {

namespace {

const QString kProcessing = QStringLiteral("PROCESSING");
const QString kPending = QStringLiteral("PENDING");

const char *failureLabel(ChargeResult::Outcome outcome)
{
    return outcome == ChargeResult::Outcome::Declined ? "declined" : "gateway_unavailable";
}

} // namespace

OrderProcessor::OrderProcessor(Database &database, PaymentGateway &gateway, Metrics &metrics, const Clock &clock,
                               std::chrono::milliseconds paymentTimeout, std::function<bool()> isStopping)
    : m_database(database)
    , m_gateway(gateway)
    , m_clock(clock)
    , m_paymentTimeout(paymentTimeout)
    , m_isStopping(std::move(isStopping))
    , m_orders(database)
    , m_processed(database, QStringLiteral("orders.processed_events"))
    , m_outbox(database, QStringLiteral("orders.outbox"))
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
{
    for (const char *reason : {"declined", "gateway_unavailable"})
        m_paymentsFailed.Add({{"reason", reason}});
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
    bool isNewOrder = false;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &db) {
            isNewOrder = false;
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            bool isNewEvent = false;
            if (QSqlError e = m_processed.record(event.eventId, QLatin1String(OrderCreatedEvent::kType), isNewEvent);
                e.isValid() || !isNewEvent)
                return e;
            const QString method = event.paymentMethod.isEmpty() ? m_gateway.paymentMethod() : event.paymentMethod;
            if (QSqlError e = m_orders.insertOrder(event, method, isNewOrder); e.isValid())
                return e;
            transaction.commit();
            return transaction.error();
        },
        Database::Retry::OnceIfConnectionLost);
    if (error.isValid())
        return databaseFailureResult("orders", "creating the order", error);
    if (isNewOrder) {
        m_ordersCreated.Increment();
        log::info("orders", QStringLiteral("order created"), {{QStringLiteral("orderNumber"), event.orderNumber}});
    }
    return HandlingResult::done();
}

HandlingResult OrderProcessor::settlePayment(const QUuid &orderId)
{
    // Step 1: claim the payment (PENDING -> PROCESSING) and count the attempt.
    std::optional<OrderPaymentState> state;
    QSqlError error = m_database.run(
        [&](QSqlDatabase &db) {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (QSqlError e = m_orders.lockForPayment(orderId, state); e.isValid() || !state || state->isSettled)
                return e;
            if (state->status != kPending && state->status != kProcessing)
                return QSqlError(); // cancelled before we got to it: nothing to charge
            if (state->status == kPending) {
                if (QSqlError e = m_orders.changeStatus(orderId, kPending, kProcessing, {}, state->correlationId);
                    e.isValid())
                    return e;
            }
            if (QSqlError e = m_orders.countPaymentAttempt(state->paymentTransactionId); e.isValid())
                return e;
            transaction.commit();
            return transaction.error();
        },
        Database::Retry::OnceIfConnectionLost);
    if (error.isValid())
        return databaseFailureResult("orders", "starting the payment", error);
    if (!state || state->isSettled || (state->status != kPending && state->status != kProcessing))
        return HandlingResult::done();

    // Step 2: charge, outside any transaction (the gateway may take seconds).
    // Cash was taken at the till: there is nothing to charge.
    if (state->paymentMethod == kPaymentMethodCash)
        return publishPaymentResult(*state, {ChargeResult::Outcome::Approved, QStringLiteral("cash-") + state->orderNumber, {}});
    if (m_isStopping())
        return HandlingResult::unavailable(QStringLiteral("stopping before the charge"));
    const ChargeResult result = m_gateway.charge({orderId, state->orderNumber, state->amount, state->correlationId},
                                                 m_paymentTimeout);
    if (!result.isApproved() && m_isStopping()) // interrupted, not decided: the next owner charges again
        return HandlingResult::unavailable(QStringLiteral("stopping during the charge"));
    return publishPaymentResult(*state, result);
}

HandlingResult OrderProcessor::publishPaymentResult(const OrderPaymentState &charged, const ChargeResult &result)
{
    // Step 3: the outcome becomes a PaymentCompleted in orders.outbox, once.
    bool isWritten = false;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &db) {
            isWritten = false;
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            std::optional<OrderPaymentState> state;
            if (QSqlError e = m_orders.lockForPayment(charged.orderId, state); e.isValid() || !state || state->isSettled)
                return e;
            PaymentCompletedEvent event;
            event.eventId = QUuid::createUuid();
            event.timestamp = m_clock.now();
            event.correlationId = state->correlationId;
            event.orderId = state->orderId;
            event.orderNumber = state->orderNumber;
            event.paymentTransactionId = state->paymentTransactionId;
            event.isSuccess = result.isApproved();
            event.amount = state->amount;
            event.paymentMethod = state->paymentMethod;
            event.externalTransactionId = result.externalTransactionId;
            event.failureReason = result.failureReason;
            const OutboxMessage message{event.eventId, event.orderId, QLatin1String(PaymentCompletedEvent::kType),
                                        topics::paymentsCompleted, idText(event.orderId), event.toJson(),
                                        event.correlationId};
            if (QSqlError e = m_outbox.append(message); e.isValid())
                return e;
            isWritten = transaction.commit();
            return transaction.error();
        },
        Database::Retry::OnceIfConnectionLost);
    if (error.isValid())
        return databaseFailureResult("orders", "recording the payment result", error);
    if (isWritten) {
        if (result.isApproved())
            m_paymentsSucceeded.Increment();
        else
            m_paymentsFailed.Add({{"reason", failureLabel(result.outcome)}}).Increment();
        log::info("orders", result.isApproved() ? QStringLiteral("payment approved") : QStringLiteral("payment failed"),
                  {{QStringLiteral("orderNumber"), charged.orderNumber},
                   {QStringLiteral("failureReason"), result.failureReason}});
    }
    return HandlingResult::done();
}

HandlingResult OrderProcessor::onPaymentCompleted(const IncomingMessage &message)
{
    const Result<PaymentCompletedEvent> parsed = PaymentCompletedEvent::parse(message.payload);
    if (!parsed)
        return HandlingResult::invalid(fieldErrorsText(parsed.error().fields));
    const PaymentCompletedEvent &event = parsed.value();
    std::optional<QDateTime> createdAt;
    QString orderStatus;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &db) {
            createdAt.reset();
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            bool isNewEvent = false;
            if (QSqlError e = m_processed.record(event.eventId, QLatin1String(PaymentCompletedEvent::kType), isNewEvent);
                e.isValid() || !isNewEvent)
                return e;
            if (QSqlError e = m_orders.applyPaymentResult(event, createdAt, orderStatus); e.isValid())
                return e;
            transaction.commit();
            return transaction.error();
        },
        Database::Retry::OnceIfConnectionLost);
    if (error.isValid())
        return databaseFailureResult("orders", "applying the payment result", error);
    if (createdAt) {
        m_processingDuration.Observe(double(createdAt->msecsTo(m_clock.now())) / 1000.0);
        log::info("orders", QStringLiteral("order %1").arg(orderStatus.toLower()),
                  {{QStringLiteral("orderNumber"), event.orderNumber}});
    } else if (event.isSuccess && orderStatus == u"CANCELLED") {
        // Charged for an order a manager cancelled meanwhile: money to give back.
        log::warn("orders", QStringLiteral("payment approved for a cancelled order; refund it"),
                  {{QStringLiteral("orderNumber"), event.orderNumber},
                   {QStringLiteral("externalTransactionId"), event.externalTransactionId}});
    }
    return HandlingResult::done();
}

void OrderProcessor::purgeProcessedEvents()
{
    m_processed.purgeExpired();
}

} // namespace shop
