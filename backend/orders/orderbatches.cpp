// OrderProcessor's batch handlers: the steps of onOrderCreated and
// onPaymentCompleted for all the messages of one poll at once. Each step's
// transaction serves every order of the poll, so a poll of 50 orders makes
// about 3 WAL flushes instead of 200 (the charges, outside transactions,
// are the gateway's), and each step is a fixed number of statements
// (OrderBatchRepository): 15 round trips for a poll of 50 instead of about
// 750, the charges aside. What a batch cannot finish is answered
// Unavailable, and the consumer hands it to the one-message handler, which
// is idempotent.
#include "orderprocessor.h"

#include "core/clock.h"
#include "core/log.h"
#include "db/database.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>

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
// The largest group of charges asked for at once (a poll holds at most 50).
constexpr std::size_t kMaxChargeGroup = 64;

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
    // orderId idempotency key, so never twice. Five statements, whatever
    // the batch's size; the orders are locked in id order, so two batches
    // never wait for each other in a cycle. A message delivered twice in
    // the poll is one event.
    std::vector<OrderBatchRepository::NewOrder> newOrders;
    std::vector<QUuid> orderIds;
    QSet<QUuid> eventIds;
    for (const auto &[index, event] : events) {
        orderIds.push_back(event.orderId);
        if (eventIds.contains(event.eventId))
            continue;
        eventIds.insert(event.eventId);
        newOrders.push_back({&event, event.paymentMethod.isEmpty() ? m_gateway.paymentMethod() : event.paymentMethod});
    }
    QStringList created;
    std::vector<OrderPaymentState> claimed;
    const DbResult<Done> claimedAll = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Done> {
            created.clear();
            claimed.clear();
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (const DbResult<Done> planned = m_batches.planEachStatementAnew(); !planned)
                return planned.error();
            DbResult<QStringList> inserted = m_batches.createOrders(newOrders);
            if (!inserted)
                return inserted.error();
            created = std::move(inserted.value());
            const DbResult<std::vector<OrderPaymentState>> locked = m_batches.lockForPayment(orderIds);
            if (!locked)
                return locked.error();
            // Settled or cancelled before we got to it: nothing to claim.
            std::copy_if(locked.value().begin(), locked.value().end(), std::back_inserter(claimed), isChargeable);
            if (const DbResult<Done> claims = m_batches.claimPayments(claimed); !claims)
                return claims.error();
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
    if (const auto nowProcessing = std::count_if(claimed.begin(), claimed.end(),
                                                 [](const OrderPaymentState &state) { return state.status == kPending; });
        nowProcessing > 0)
        m_transitions.Add({{"to", "PROCESSING"}}).Increment(double(nowProcessing));

    // Step 2: the charges, outside any transaction, asked for in groups
    // (the mock records a group in two statements) that double while the
    // gateway answers quickly, from the size the last group of any poll
    // reached: a quick gateway gets a poll's charges in one or two calls
    // rather than six (1, 2, 4 ... each a round trip and a commit of the
    // mock's ledger), a slow one one at a time again after one slow group.
    // Step 3: the PaymentCompleted rows of what was charged, in one
    // transaction whenever kPublishEvery has passed and at the end, so a
    // slow gateway delays a result by about that, not by the whole poll's
    // charges. A charge that a stop interrupted is left
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
                if (const DbResult<Done> planned = m_batches.planEachStatementAnew(); !planned)
                    return planned.error();
                // Two statements: the orders locked, then the events of
                // those still unsettled (gone or settled: nothing to write).
                std::vector<QUuid> orderIds;
                for (const auto &[state, result] : pending)
                    orderIds.push_back(state->orderId);
                const DbResult<std::vector<OrderPaymentState>> locked = m_batches.lockForPayment(orderIds);
                if (!locked)
                    return locked.error();
                std::vector<OutboxMessage> messages;
                for (std::size_t i = 0; i < pending.size(); ++i) {
                    const auto state = std::find_if(
                        locked.value().begin(), locked.value().end(),
                        [&](const OrderPaymentState &row) { return row.orderId == pending[i].first->orderId; });
                    if (state == locked.value().end() || state->isSettled)
                        continue;
                    messages.push_back(paymentCompletedMessage(*state, pending[i].second));
                    written.push_back(i);
                }
                if (const DbResult<Done> appended = m_batches.appendToOutbox(messages); !appended)
                    return appended.error();
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
    std::size_t group = m_chargeGroup.load();
    for (std::size_t next = 0; next < toCharge.size() && !m_isStopping();) {
        const std::vector<const OrderPaymentState *> asked(
            toCharge.begin() + qsizetype(next), toCharge.begin() + qsizetype(std::min(toCharge.size(), next + group)));
        QElapsedTimer took;
        took.start();
        const std::vector<ChargeResult> answers = chargeAll(asked);
        group = took.elapsed() < kQuickAnswer.count() ? std::min(group * 2, kMaxChargeGroup) : 1;
        m_chargeGroup.store(group);
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

    // All results applied in one statement, at most one per order: an
    // order's later event in the same poll (one order's events are on one
    // partition, in the order they were sent) is left to the one-message
    // handler, which the consumer runs after this batch. A message
    // delivered twice in the poll is one event.
    std::vector<const PaymentCompletedEvent *> toApply;
    QHash<QUuid, std::size_t> eventOf; // eventId -> its index in toApply
    QSet<QUuid> orders;
    for (const auto &[index, event] : events) {
        if (eventOf.contains(event.eventId) || orders.contains(event.orderId))
            continue;
        eventOf.insert(event.eventId, toApply.size());
        orders.insert(event.orderId);
        toApply.push_back(&event);
    }
    std::vector<std::pair<OrderAfterPayment, std::optional<QUuid>>> applied;
    const DbResult<Done> appliedAll = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Done> {
            applied.assign(toApply.size(), {});
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (const DbResult<Done> planned = m_batches.planEachStatementAnew(); !planned)
                return planned.error();
            const DbResult<std::vector<OrderBatchRepository::AppliedPayment>> moved =
                m_batches.applyPaymentResults(toApply);
            if (!moved)
                return moved.error();
            for (const OrderBatchRepository::AppliedPayment &row : moved.value()) {
                const std::size_t i = eventOf.value(row.eventId);
                applied[i].first = row.order;
                const PaymentCompletedEvent &event = *toApply[i];
                // Charged for an order a manager cancelled meanwhile: the
                // money goes back, asked for in this transaction (rare, so
                // one statement each).
                if (event.isSuccess && !row.order.createdAt && row.order.status == u"CANCELLED") {
                    const RefundRequests::Origin origin{
                        QStringLiteral("payment approved after the order was cancelled"), QStringLiteral("system"),
                        event.correlationId, m_clock.now()};
                    const DbResult<std::optional<QUuid>> requested =
                        m_refundRequests.requestCancellationRefund(event.orderId, origin);
                    if (!requested)
                        return requested.error();
                    applied[i].second = requested.value();
                }
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
    for (std::size_t i = 0; i < toApply.size(); ++i)
        noteAppliedPayment(*toApply[i], applied[i].first, applied[i].second);
    for (const auto &[index, event] : events)
        if (eventOf.contains(event.eventId))
            results[index] = HandlingResult::done();
    return results;
}

} // namespace shop
