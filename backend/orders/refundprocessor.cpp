#include "refundprocessor.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/metrics.h"
#include "db/database.h"
#include "events/refundevents.h"
#include "events/customerinfo.h" // kPaymentMethodCash

namespace shop {

namespace {

constexpr const char *kLogger = "refunds";

const char *outcomeLabel(RefundResult::Outcome outcome)
{
    switch (outcome) {
    case RefundResult::Outcome::Approved:
        return "succeeded";
    case RefundResult::Outcome::Declined:
        return "declined";
    case RefundResult::Outcome::Unavailable:
        break;
    }
    return "gateway_unavailable";
}

} // namespace

RefundProcessor::RefundProcessor(Database &database, PaymentGateway &gateway, Metrics &metrics, const Clock &clock,
                                 std::chrono::milliseconds paymentTimeout, std::function<bool()> isStopping)
    : m_database(database)
    , m_gateway(gateway)
    , m_clock(clock)
    , m_paymentTimeout(paymentTimeout)
    , m_isStopping(std::move(isStopping))
    , m_refunds(database)
    , m_processed(database, QStringLiteral("orders.processed_events"))
    , m_outbox(database, QStringLiteral("orders.outbox"))
    , m_results(prometheus::BuildCounter()
                    .Name("refunds_total")
                    .Help("Refund results recorded, by outcome (succeeded, declined, gateway_unavailable)")
                    .Register(metrics.registry()))
    , m_failed(prometheus::BuildGauge()
                   .Name("refunds_failed")
                   .Help("Refunds that FAILED and wait for a manager's retry")
                   .Register(metrics.registry())
                   .Add({}))
{
    for (const auto outcome : {RefundResult::Outcome::Approved, RefundResult::Outcome::Declined,
                               RefundResult::Outcome::Unavailable})
        m_results.Add({{"outcome", outcomeLabel(outcome)}});
}

HandlingResult RefundProcessor::onRefundRequested(const IncomingMessage &message)
{
    const Result<RefundRequestedEvent> parsed = RefundRequestedEvent::parse(message.payload);
    if (!parsed)
        return HandlingResult::invalid(fieldErrorsText(parsed.error().fields));
    const RefundRequestedEvent &event = parsed.value();

    // Step 1: claim. A refund that is no longer REQUESTED was settled by an
    // earlier delivery (or is unknown): nothing to pay.
    const DbResult<std::optional<RefundClaim>> claimed = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<std::optional<RefundClaim>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            DbResult<std::optional<RefundClaim>> claim = m_refunds.claim(event.refund.refundId);
            if (!claim)
                return claim;
            if (!transaction.commit())
                return transaction.error();
            return claim;
        },
        Database::Retry::OnceIfConnectionLost);
    if (!claimed)
        return databaseFailureResult(kLogger, "claiming a refund", claimed.error());
    if (!claimed.value()) {
        log::info(kLogger, QStringLiteral("refund not waiting for payment; skipped"),
                  {{QStringLiteral("refundId"), idText(event.refund.refundId)}});
        return HandlingResult::done();
    }
    const RefundClaim &claim = *claimed.value();

    // Step 2: the gateway, outside any transaction.
    if (m_isStopping())
        return HandlingResult::unavailable(QStringLiteral("stopping before the refund"));
    const RefundResult result = payBack(claim);
    if (result.outcome == RefundResult::Outcome::Unavailable && m_isStopping())
        return HandlingResult::unavailable(QStringLiteral("stopping during the refund")); // the next owner asks again

    // Step 3: the result, once.
    return recordResult(event.eventId, claim, result, event.correlationId);
}

RefundResult RefundProcessor::payBack(const RefundClaim &claim)
{
    // Cash goes back over the counter: there is nothing to ask a gateway.
    if (claim.paymentMethod == kPaymentMethodCash)
        return {RefundResult::Outcome::Approved, QStringLiteral("cash-refund-") + claim.idempotencyKey, {}};
    return m_gateway.refund({claim.chargeReference, claim.amount, claim.idempotencyKey, claim.orderNumber, {}},
                            m_paymentTimeout);
}

HandlingResult RefundProcessor::recordResult(const QUuid &eventId, const RefundClaim &claim,
                                             const RefundResult &result, const QString &correlationId)
{
    const DbResult<std::optional<Refund>> recorded = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<std::optional<Refund>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<bool> isNewEvent = m_processed.record(eventId, QLatin1String(RefundRequestedEvent::kType));
            if (!isNewEvent)
                return isNewEvent.error();
            if (!isNewEvent.value())
                return std::optional<Refund>(); // this event was applied before
            DbResult<std::optional<Refund>> refund = m_refunds.recordResult(claim, result);
            if (!refund)
                return refund;
            if (refund.value()) {
                const DbResult<QList<RefundItem>> items = m_refunds.itemsOf(claim.refundId);
                if (!items)
                    return items.error();
                const Refund &settled = *refund.value();
                PaymentRefundedEvent event;
                event.eventId = QUuid::createUuid();
                event.timestamp = m_clock.now();
                event.correlationId = correlationId;
                event.refund = {settled.id, settled.orderId, settled.orderNumber, settled.amount, settled.kind,
                                items.value()};
                event.isSuccess = result.isApproved();
                event.externalRefundId = result.externalTransactionId;
                event.failureReason = result.failureReason;
                if (const DbResult<Done> appended = m_outbox.append(
                        {event.eventId, settled.orderId, QLatin1String(PaymentRefundedEvent::kType),
                         QLatin1String(PaymentRefundedEvent::kTopic), idText(settled.orderId), event.toJson(),
                         event.correlationId});
                    !appended)
                    return appended.error();
            }
            if (!transaction.commit())
                return transaction.error();
            return refund;
        },
        Database::Retry::OnceIfConnectionLost);
    if (!recorded)
        return databaseFailureResult(kLogger, "recording a refund result", recorded.error());
    if (recorded.value()) {
        m_results.Add({{"outcome", outcomeLabel(result.outcome)}}).Increment();
        const QJsonObject fields{{QStringLiteral("refundId"), idText(claim.refundId)},
                                 {QStringLiteral("orderNumber"), claim.orderNumber},
                                 {QStringLiteral("amount"), claim.amount.toDecimalString()},
                                 {QStringLiteral("failureReason"), result.failureReason}};
        if (result.isApproved())
            log::info(kLogger, QStringLiteral("refund paid"), fields);
        else
            log::warn(kLogger, QStringLiteral("refund failed; it waits for a manager's retry"), fields);
        refreshFailedCount();
    }
    return HandlingResult::done();
}

void RefundProcessor::refreshFailedCount()
{
    const DbResult<qint64> failed =
        m_database.run([&](QSqlDatabase &) { return m_refunds.countFailed(); }, Database::Retry::OnceIfConnectionLost);
    if (failed)
        m_failed.Set(double(failed.value()));
}

} // namespace shop
