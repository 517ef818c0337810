#include "refundrepository.h"

#include "core/ids.h"
#include "db/database.h"
#include "events/orderstatus.h"

namespace shop {

namespace {

// Callers hold the order's row lock (a cancel, a payment result), which
// serialises the refunds of one order; the payment row itself is not locked.
const QString kSelectPayment = QStringLiteral(R"(
    SELECT p.id, p.status = 'SUCCESS',
           p.amount_cents - p.refunded_cents
               - coalesce((SELECT sum(r.amount_cents) FROM orders.refunds r
                            WHERE r.payment_id = p.id AND r.status <> 'SUCCEEDED'), 0)
      FROM orders.payment_transactions p
     WHERE p.order_id = $1)");

// What is not returned yet (a return at the till may have come first).
const QString kSelectOrderItems = QStringLiteral(R"(
    SELECT id, left_over FROM (
      SELECT i.id, i.line_no,
             i.quantity - coalesce((SELECT sum(ri.quantity) FROM orders.refund_items ri
                                     WHERE ri.order_item_id = i.id), 0) AS left_over
        FROM orders.order_items i WHERE i.order_id = $1) items
     WHERE left_over > 0
     ORDER BY line_no, id)");

const QString kSelectReturnable = QStringLiteral(R"(
    SELECT i.id, i.product_id, i.product_sku, i.product_name, i.price_snapshot_cents, i.quantity,
           coalesce((SELECT sum(ri.quantity) FROM orders.refund_items ri WHERE ri.order_item_id = i.id), 0)
      FROM orders.order_items i
     WHERE i.order_id = $1
     ORDER BY i.line_no, i.id)");

const QString kInsertRefund = QStringLiteral(R"(
    INSERT INTO orders.refunds (id, order_id, payment_id, kind, amount_cents, reason, requested_by, correlation_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text)
    ON CONFLICT (order_id) WHERE kind = 'CANCELLATION' DO NOTHING)");

const QString kInsertItems = QStringLiteral(R"(
    INSERT INTO orders.refund_items (refund_id, order_item_id, quantity)
    SELECT $1, item, quantity FROM unnest($2::uuid[], $3::integer[]) AS lines(item, quantity))");

const QString kSelectItems = QStringLiteral(R"(
    SELECT i.product_id, i.product_sku, ri.quantity
      FROM orders.refund_items ri JOIN orders.order_items i ON i.id = ri.order_item_id
     WHERE ri.refund_id = $1
     ORDER BY i.line_no, i.id)");

// UPDATE ... FROM locks only the refund row, not the order or the payment.
const QString kClaim = QStringLiteral(R"(
    UPDATE orders.refunds r SET attempts = r.attempts + 1, updated_at = now()
      FROM orders.orders o, orders.payment_transactions p
     WHERE r.id = $1 AND r.status = 'REQUESTED' AND o.id = r.order_id AND p.id = r.payment_id
    RETURNING o.order_number, r.amount_cents, p.payment_method, p.external_transaction_id, r.key_generation)");

const QString kSettle = QStringLiteral(R"(
    UPDATE orders.refunds
       SET status = $2, external_refund_id = $3::text, failure_outcome = $4::text, failure_reason = $5::text,
           completed_at = CASE WHEN $2 = 'SUCCEEDED' THEN now() END, updated_at = now()
     WHERE id = $1 AND status = 'REQUESTED' AND key_generation = $6
    RETURNING order_id, payment_id, amount_cents, correlation_id)");

const QString kAddRefunded = QStringLiteral(R"(
    UPDATE orders.payment_transactions SET refunded_cents = refunded_cents + $2, updated_at = now()
     WHERE id = $1
    RETURNING refunded_cents = amount_cents)");

const QString kSetPaymentStatus = QStringLiteral(R"(
    UPDATE orders.orders SET payment_status = $2, updated_at = now(), version = version + 1 WHERE id = $1)");

// A refund leaves the order's status as it is: the row says so (from = to)
// and why, so the history pane shows the money going back.
const QString kInsertHistory = QStringLiteral(R"(
    INSERT INTO orders.order_status_history (order_id, from_status, to_status, reason, changed_by, correlation_id)
    SELECT id, status, status, $2, 'payment', $3::text FROM orders.orders WHERE id = $1)");

const QString kReopen = QStringLiteral(R"(
    UPDATE orders.refunds
       SET status = 'REQUESTED',
           key_generation = key_generation + CASE WHEN failure_outcome = 'DECLINED' THEN 1 ELSE 0 END,
           failure_outcome = NULL, failure_reason = NULL, updated_at = now()
     WHERE id = $1 AND status = 'FAILED')");

const QString kColumns = QStringLiteral(R"(
    SELECT r.id, r.order_id, o.order_number, r.kind, r.amount_cents, r.status, r.reason, r.requested_by,
           r.attempts, r.external_refund_id, r.failure_reason, r.created_at, r.updated_at, r.completed_at
      FROM orders.refunds r JOIN orders.orders o ON o.id = r.order_id)");

const QString kSelectById = kColumns + QStringLiteral(" WHERE r.id = $1");
const QString kSelectForOrder = kColumns + QStringLiteral(" WHERE r.order_id = $1 ORDER BY r.created_at, r.id");
const QString kSelectPage = kColumns + QStringLiteral(" ORDER BY r.created_at, r.id LIMIT $1 OFFSET $2");
const QString kSelectPageByStatus =
    kColumns + QStringLiteral(" WHERE r.status = $1 ORDER BY r.created_at, r.id LIMIT $2 OFFSET $3");
const QString kCount = QStringLiteral("SELECT count(*) FROM orders.refunds");
const QString kCountByStatus = QStringLiteral("SELECT count(*) FROM orders.refunds WHERE status = $1");

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

std::optional<QString> optionalText(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<QString>(value.toString());
}

Refund refundFrom(const QSqlQuery &query)
{
    Refund refund;
    refund.id = idValue(query.value(0));
    refund.orderId = idValue(query.value(1));
    refund.orderNumber = query.value(2).toString();
    refund.kind = query.value(3).toString();
    refund.amount = Money::fromCents(query.value(4).toLongLong());
    // The table's CHECK admits only known names.
    refund.status = parseRefundStatus(query.value(5).toString()).value_or(RefundStatus::Requested);
    refund.reason = query.value(6).toString();
    refund.requestedBy = query.value(7).toString();
    refund.attempts = query.value(8).toInt();
    refund.externalRefundId = optionalText(query.value(9));
    refund.failureReason = optionalText(query.value(10));
    refund.createdAt = query.value(11).toDateTime();
    refund.updatedAt = query.value(12).toDateTime();
    if (!query.value(13).isNull())
        refund.completedAt = query.value(13).toDateTime();
    return refund;
}

// The first key is the refund id itself; each retry after a decline gets the next one.
QString idempotencyKey(const QUuid &refundId, int generation)
{
    return generation == 0 ? idText(refundId) : idText(refundId) + u'.' + QString::number(generation);
}

QString arrayLiteral(const QStringList &values)
{
    return QStringLiteral("{") + values.join(u',') + u'}';
}

struct Settled
{
    QUuid orderId;
    QUuid paymentId;
    Money amount;
    QString correlationId;
};

} // namespace

RefundRepository::RefundRepository(Database &database)
    : m_database(database)
{
}

DbResult<QList<std::pair<QUuid, int>>> RefundRepository::wholeOrder(const QUuid &orderId)
{
    return fetchAll(*m_database.prepared(kSelectOrderItems), {idText(orderId)}, [](const QSqlQuery &query) {
        return std::pair<QUuid, int>(idValue(query.value(0)), query.value(1).toInt());
    });
}

DbResult<QList<ReturnableItem>> RefundRepository::returnableItems(const QUuid &orderId)
{
    return fetchAll(*m_database.prepared(kSelectReturnable), {idText(orderId)}, [](const QSqlQuery &query) {
        return ReturnableItem{idValue(query.value(0)),
                              idValue(query.value(1)),
                              query.value(2).toString(),
                              query.value(3).toString(),
                              Money::fromCents(query.value(4).toLongLong()),
                              query.value(5).toInt(),
                              query.value(6).toInt()};
    });
}

DbResult<std::optional<RefundablePayment>> RefundRepository::paymentOf(const QUuid &orderId)
{
    return fetchFirst(*m_database.prepared(kSelectPayment), {idText(orderId)}, [](const QSqlQuery &query) {
        return RefundablePayment{idValue(query.value(0)), query.value(1).toBool(),
                                 Money::fromCents(query.value(2).toLongLong())};
    });
}

DbResult<bool> RefundRepository::insert(const RefundDraft &draft)
{
    const DbResult<int> inserted = m_database.executeAndCount(
        kInsertRefund, {idText(draft.id), idText(draft.orderId), idText(draft.paymentId), draft.kind,
                        draft.amount.cents(), draft.reason, draft.requestedBy, textOrNull(draft.correlationId)});
    if (!inserted)
        return inserted.error();
    if (inserted.value() != 1)
        return false;
    QStringList items;
    QStringList quantities;
    for (const auto &[itemId, quantity] : draft.items) {
        items.append(idText(itemId));
        quantities.append(QString::number(quantity));
    }
    if (const DbResult<Done> lines =
            m_database.execute(kInsertItems, {idText(draft.id), arrayLiteral(items), arrayLiteral(quantities)});
        !lines)
        return lines.error();
    return true;
}

DbResult<QList<RefundItem>> RefundRepository::itemsOf(const QUuid &refundId)
{
    return fetchAll(*m_database.prepared(kSelectItems), {idText(refundId)}, [](const QSqlQuery &query) {
        return RefundItem{idValue(query.value(0)), query.value(1).toString(), query.value(2).toInt()};
    });
}

DbResult<std::optional<RefundClaim>> RefundRepository::claim(const QUuid &refundId)
{
    return fetchFirst(*m_database.prepared(kClaim), {idText(refundId)}, [&refundId](const QSqlQuery &query) {
        const int generation = query.value(4).toInt();
        return RefundClaim{refundId,
                           query.value(0).toString(),
                           Money::fromCents(query.value(1).toLongLong()),
                           query.value(2).toString(),
                           query.value(3).toString(),
                           generation,
                           idempotencyKey(refundId, generation)};
    });
}

DbResult<std::optional<Refund>> RefundRepository::recordResult(const RefundClaim &claim, const RefundResult &result)
{
    const QUuid &refundId = claim.refundId;
    const bool isSuccess = result.isApproved();
    const QString failureOutcome = isSuccess                                              ? QString()
                                   : result.outcome == RefundResult::Outcome::Declined ? QStringLiteral("DECLINED")
                                                                                       : QStringLiteral("UNAVAILABLE");
    const DbResult<std::optional<Settled>> settled = fetchFirst(
        *m_database.prepared(kSettle),
        {idText(refundId), refundStatusName(isSuccess ? RefundStatus::Succeeded : RefundStatus::Failed),
         textOrNull(isSuccess ? result.externalTransactionId : QString()), textOrNull(failureOutcome),
         textOrNull(isSuccess ? QString() : result.failureReason), claim.keyGeneration},
        [](const QSqlQuery &query) {
            return Settled{idValue(query.value(0)), idValue(query.value(1)),
                           Money::fromCents(query.value(2).toLongLong()), query.value(3).toString()};
        });
    if (!settled)
        return settled.error();
    if (!settled.value())
        return std::optional<Refund>();
    const Settled &refund = *settled.value();
    QString note;
    if (isSuccess) {
        const DbResult<std::optional<bool>> isWhole =
            fetchFirst(*m_database.prepared(kAddRefunded), {idText(refund.paymentId), refund.amount.cents()},
                       [](const QSqlQuery &query) { return query.value(0).toBool(); });
        if (!isWhole)
            return isWhole.error();
        const PaymentStatus status =
            isWhole.value().value_or(false) ? PaymentStatus::Refunded : PaymentStatus::PartiallyRefunded;
        if (const DbResult<Done> marked =
                m_database.execute(kSetPaymentStatus, {idText(refund.orderId), statusName(status)});
            !marked)
            return marked.error();
        note = QStringLiteral("refunded %1 (%2)").arg(refund.amount.toDecimalString(), result.externalTransactionId);
    } else {
        note = QStringLiteral("refund of %1 failed: %2").arg(refund.amount.toDecimalString(), result.failureReason);
    }
    if (const DbResult<Done> history =
            m_database.execute(kInsertHistory, {idText(refund.orderId), note, textOrNull(refund.correlationId)});
        !history)
        return history.error();
    return findById(refundId);
}

DbResult<std::optional<Refund>> RefundRepository::reopen(const QUuid &refundId)
{
    const DbResult<int> reopened = m_database.executeAndCount(kReopen, {idText(refundId)});
    if (!reopened)
        return reopened.error();
    if (reopened.value() != 1)
        return std::optional<Refund>();
    return findById(refundId);
}

DbResult<std::optional<Refund>> RefundRepository::findById(const QUuid &refundId)
{
    return fetchFirst(*m_database.prepared(kSelectById), {idText(refundId)}, refundFrom);
}

DbResult<QList<Refund>> RefundRepository::findForOrder(const QUuid &orderId)
{
    return fetchAll(*m_database.prepared(kSelectForOrder), {idText(orderId)}, refundFrom);
}

DbResult<RefundPage> RefundRepository::findPage(std::optional<RefundStatus> status, qint64 offset, int limit)
{
    const QVariantList filter = status ? QVariantList{refundStatusName(*status)} : QVariantList{};
    const DbResult<qint64> total = fetchNumber(*m_database.prepared(status ? kCountByStatus : kCount), filter);
    if (!total)
        return total.error();
    const DbResult<QList<Refund>> refunds = fetchAll(*m_database.prepared(status ? kSelectPageByStatus : kSelectPage),
                                                     filter + QVariantList{limit, offset}, refundFrom);
    if (!refunds)
        return refunds.error();
    return RefundPage{refunds.value(), total.value()};
}

DbResult<qint64> RefundRepository::countFailed()
{
    return fetchNumber(*m_database.prepared(kCountByStatus), {refundStatusName(RefundStatus::Failed)});
}

} // namespace shop
