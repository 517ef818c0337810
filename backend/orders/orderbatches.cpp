// OrderProcessor's batch handlers: the steps of onOrderCreated and
// onPaymentCompleted for all the messages of one poll at once. Each step's
// transaction serves every order of the poll, so a poll of 50 orders makes
// about 3 WAL flushes instead of 200 (the charges, outside transactions,
// are the gateway's). What a batch cannot finish is answered Unavailable, and the
// consumer hands it to the one-message handler, which is idempotent.
#include "orderprocessor.h"

#include "core/log.h"
#include "db/database.h"

#include <algorithm>

namespace shop {

namespace {

const QString kPending = QStringLiteral("PENDING");
const QString kProcessing = QStringLiteral("PROCESSING");

HandlingResult oneByOne()
{
    return HandlingResult::unavailable(QStringLiteral("left to the one-message handler"));
}

bool isChargeable(const OrderPaymentState &state)
{
    return !state.isSettled && (state.status == kPending || state.status == kProcessing);
}

template<typename Event>
std::vector<std::pair<std::size_t, Event>> parseAll(const std::vector<IncomingMessage> &messages,
                                                    std::vector<HandlingResult> &results)
{
    std::vector<std::pair<std::size_t, Event>> events;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        Result<Event> event = Event::parse(messages[i].payload);
        if (event)
            events.emplace_back(i, std::move(event.value()));
        else
            results[i] = HandlingResult::invalid(fieldErrorsText(event.error().fields));
    }
    return events;
}

} // namespace

std::vector<HandlingResult> OrderProcessor::onOrderCreatedBatch(const std::vector<IncomingMessage> &messages)
{
    std::vector<HandlingResult> results(messages.size(), oneByOne());
    const auto events = parseAll<OrderCreatedEvent>(messages, results);
    if (events.empty())
        return results;

    // Step 1: every new order created and every payment claimed, in one
    // transaction that commits before any charge: a crash after it leaves
    // claimed payments that a redelivery charges again, under the same
    // orderId idempotency key, so never twice. Orders are locked in id
    // order, so two batches never wait for each other in a cycle.
    QStringList created;
    int nowProcessing = 0;
    std::vector<OrderPaymentState> claimed;
    const DbResult<Done> claimedAll = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Done> {
            created.clear();
            nowProcessing = 0;
            claimed.clear();
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            std::vector<QUuid> orderIds;
            for (const auto &[index, event] : events) {
                orderIds.push_back(event.orderId);
                const DbResult<bool> isNewEvent =
                    m_processed.record(event.eventId, QLatin1String(OrderCreatedEvent::kType));
                if (!isNewEvent)
                    return isNewEvent.error();
                if (!isNewEvent.value())
                    continue; // applied before; its payment may still wait (below)
                const QString method = event.paymentMethod.isEmpty() ? m_gateway.paymentMethod() : event.paymentMethod;
                const DbResult<bool> inserted = m_orders.insertOrder(event, method);
                if (!inserted)
                    return inserted.error();
                if (inserted.value())
                    created << event.orderNumber;
            }
            std::sort(orderIds.begin(), orderIds.end());
            orderIds.erase(std::unique(orderIds.begin(), orderIds.end()), orderIds.end());
            for (const QUuid &orderId : orderIds) {
                const DbResult<std::optional<OrderPaymentState>> state = m_orders.lockForPayment(orderId);
                if (!state)
                    return state.error();
                if (!state.value() || !isChargeable(*state.value()))
                    continue; // settled or cancelled before we got to it
                const DbResult<bool> moved = claimPayment(*state.value());
                if (!moved)
                    return moved.error();
                nowProcessing += moved.value() ? 1 : 0;
                claimed.push_back(*state.value());
            }
            if (!transaction.commit())
                return transaction.error();
            return Done();
        },
        Database::Retry::OnceIfConnectionLost);
    if (!claimedAll) {
        databaseFailureResult("orders", "creating a batch of orders", claimedAll.error());
        return results; // each again on its own: one bad event must not hold up the rest
    }
    for (const QString &orderNumber : created)
        noteOrderCreated(orderNumber);
    if (nowProcessing > 0)
        m_transitions.Add({{"to", "PROCESSING"}}).Increment(nowProcessing);

    // Step 2: the charges, outside any transaction, asked for together
    // (the mock records them in one statement; a gateway that cannot batch
    // takes them one by one). Step 3: their PaymentCompleted rows, in one
    // transaction. A charge that a stop interrupted is left unfinished, for
    // the next owner of its message.
    std::vector<std::pair<const OrderPaymentState *, ChargeResult>> charged;
    std::vector<const OrderPaymentState *> toCharge;
    for (const OrderPaymentState &state : claimed) {
        if (state.paymentMethod == kPaymentMethodCash)
            charged.emplace_back(&state, ChargeResult{ChargeResult::Outcome::Approved,
                                                      QStringLiteral("cash-") + state.orderNumber, {}});
        else
            toCharge.push_back(&state);
    }
    std::vector<QUuid> unfinished;
    if (!toCharge.empty() && m_isStopping()) {
        for (const OrderPaymentState *state : toCharge)
            unfinished.push_back(state->orderId);
    } else if (!toCharge.empty()) {
        const std::vector<ChargeResult> results = chargeAll(toCharge);
        for (std::size_t i = 0; i < toCharge.size(); ++i) {
            if (!results[i].isApproved() && m_isStopping())
                unfinished.push_back(toCharge[i]->orderId);
            else
                charged.emplace_back(toCharge[i], results[i]);
        }
    }

    std::vector<std::size_t> written;
    const DbResult<Done> published = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Done> {
            written.clear();
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            for (std::size_t i = 0; i < charged.size(); ++i) {
                const DbResult<bool> appended = appendPaymentCompleted(charged[i].first->orderId, charged[i].second);
                if (!appended)
                    return appended.error();
                if (appended.value())
                    written.push_back(i);
            }
            if (!transaction.commit())
                return transaction.error();
            return Done();
        },
        Database::Retry::OnceIfConnectionLost);
    if (!published) {
        databaseFailureResult("orders", "recording a batch of payment results", published.error());
        return results; // charged, not recorded: each again alone, the gateway answers as before
    }
    for (const std::size_t i : written)
        notePaymentResult(charged[i].first->orderNumber, charged[i].second);
    for (const auto &[index, event] : events)
        if (std::find(unfinished.begin(), unfinished.end(), event.orderId) == unfinished.end())
            results[index] = HandlingResult::done();
    return results;
}

std::vector<HandlingResult> OrderProcessor::onPaymentCompletedBatch(const std::vector<IncomingMessage> &messages)
{
    std::vector<HandlingResult> results(messages.size(), oneByOne());
    const auto events = parseAll<PaymentCompletedEvent>(messages, results);
    if (events.empty())
        return results;

    // All results applied in one transaction, in the order they came (one
    // order's events are on one partition, so in the order they were sent).
    std::vector<std::pair<OrderAfterPayment, std::optional<QUuid>>> applied;
    const DbResult<Done> appliedAll = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Done> {
            applied.clear();
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            for (const auto &[index, event] : events) {
                std::optional<QUuid> refundId;
                const DbResult<OrderAfterPayment> order = applyPaymentCompleted(event, refundId);
                if (!order)
                    return order.error();
                applied.emplace_back(order.value(), refundId);
            }
            if (!transaction.commit())
                return transaction.error();
            return Done();
        },
        Database::Retry::OnceIfConnectionLost);
    if (!appliedAll) {
        databaseFailureResult("orders", "applying a batch of payment results", appliedAll.error());
        return results;
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
        noteAppliedPayment(events[i].second, applied[i].first, applied[i].second);
        results[events[i].first] = HandlingResult::done();
    }
    return results;
}

} // namespace shop
