// OrderProcessor's batch handlers: the steps of onOrderCreated and
// onPaymentCompleted for all the messages of one poll at once. Each step's
// transaction serves every order of the poll, so a poll of 50 orders makes
// about 3 WAL flushes instead of 200 (the charges, outside transactions,
// are the gateway's). What a batch cannot finish is answered Unavailable, and the
// consumer hands it to the one-message handler, which is idempotent.
#include "orderprocessor.h"

#include "core/log.h"
#include "db/database.h"

#include <QElapsedTimer>

#include <algorithm>
#include <chrono>

namespace shop {

namespace {

const QString kPending = QStringLiteral("PENDING");
const QString kProcessing = QStringLiteral("PROCESSING");

// The longest a charge's result waits for others before its PaymentCompleted
// is written, and the answer time under which the next group of charges is
// twice as large.
constexpr std::chrono::milliseconds kPublishEvery{100};
constexpr std::chrono::milliseconds kQuickAnswer{20};

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

    // Step 2: the charges, outside any transaction, asked for in groups
    // (the mock records a group in one statement) that double while the
    // gateway answers quickly. Step 3: the PaymentCompleted rows of what was
    // charged, in one transaction whenever kPublishEvery has passed and at
    // the end, so a slow gateway delays a result by about that, not by the
    // whole poll's charges. A charge that a stop interrupted is left
    // unfinished, for the next owner of its message.
    std::vector<QUuid> unfinished;
    for (const OrderPaymentState &state : claimed)
        unfinished.push_back(state.orderId);
    std::vector<std::pair<const OrderPaymentState *, ChargeResult>> pending;
    QElapsedTimer sincePublished;
    sincePublished.start();
    const auto publish = [&]() -> bool {
        if (pending.empty())
            return true;
        std::vector<std::size_t> written;
        const DbResult<Done> published = m_database.run(
            [&](QSqlDatabase &db) -> DbResult<Done> {
                written.clear();
                Transaction transaction(db);
                if (!transaction.isActive())
                    return transaction.error();
                for (std::size_t i = 0; i < pending.size(); ++i) {
                    const DbResult<bool> appended = appendPaymentCompleted(pending[i].first->orderId, pending[i].second);
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
            // Charged, not recorded: each again alone; the gateway answers as before.
            databaseFailureResult("orders", "recording a batch of payment results", published.error());
            return false;
        }
        for (const std::size_t i : written)
            notePaymentResult(pending[i].first->orderNumber, pending[i].second);
        for (const auto &[state, result] : pending)
            std::erase(unfinished, state->orderId);
        pending.clear();
        sincePublished.restart();
        return true;
    };
    std::vector<const OrderPaymentState *> toCharge;
    for (const OrderPaymentState &state : claimed) {
        if (state.paymentMethod == kPaymentMethodCash)
            pending.emplace_back(&state, ChargeResult{ChargeResult::Outcome::Approved,
                                                      QStringLiteral("cash-") + state.orderNumber, {}});
        else
            toCharge.push_back(&state);
    }
    std::size_t group = 1;
    for (std::size_t next = 0; next < toCharge.size() && !m_isStopping();) {
        const std::vector<const OrderPaymentState *> asked(
            toCharge.begin() + qsizetype(next), toCharge.begin() + qsizetype(std::min(toCharge.size(), next + group)));
        QElapsedTimer took;
        took.start();
        const std::vector<ChargeResult> answers = chargeAll(asked);
        group = took.elapsed() < kQuickAnswer.count() ? group * 2 : 1;
        next += asked.size();
        bool isInterrupted = false;
        for (std::size_t i = 0; i < asked.size(); ++i) {
            if (!answers[i].isApproved() && m_isStopping())
                isInterrupted = true; // stays unfinished
            else
                pending.emplace_back(asked[i], answers[i]);
        }
        if (isInterrupted || (sincePublished.elapsed() >= kPublishEvery.count() && !publish()))
            break;
    }
    publish();
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
