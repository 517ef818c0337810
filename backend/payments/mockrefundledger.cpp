#include "mockrefundledger.h"

#include "db/database.h"

namespace shop {

namespace {

using Outcome = RefundResult::Outcome;

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

RefundResult refused(const QString &reason)
{
    return {Outcome::Declined, {}, reason};
}

// Reads the row that RETURNING outcome, external_refund_id, failure_reason gives.
RefundResult fromLedger(const QSqlQuery &query)
{
    const bool isApproved = query.value(0).toString() == u"APPROVED";
    return {isApproved ? Outcome::Approved : Outcome::Declined, query.value(1).toString(), query.value(2).toString()};
}

const QString kBumpRecorded = QStringLiteral(R"(
    UPDATE orders.mock_gateway_refunds SET calls = calls + 1, updated_at = now()
     WHERE idempotency_key = $1
    RETURNING outcome, external_refund_id, failure_reason)");

// The charge's row lock serialises refunds of one charge, so two refunds
// asked for at once cannot both fit in what is left.
const QString kLockCharge = QStringLiteral(R"(
    SELECT amount_cents FROM orders.mock_gateway_charges
     WHERE external_transaction_id = $1 AND outcome = 'APPROVED'
       FOR UPDATE)");

const QString kRefundedSoFar = QStringLiteral(R"(
    SELECT coalesce(sum(amount_cents), 0) FROM orders.mock_gateway_refunds
     WHERE payment_reference = $1 AND outcome = 'APPROVED')");

const QString kRecord = QStringLiteral(R"(
    INSERT INTO orders.mock_gateway_refunds
        (idempotency_key, payment_reference, amount_cents, outcome, external_refund_id, failure_reason)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (idempotency_key) DO UPDATE
       SET calls = orders.mock_gateway_refunds.calls + 1, updated_at = now()
    RETURNING outcome, external_refund_id, failure_reason)");

} // namespace

MockRefundLedger::MockRefundLedger(Database &database)
    : m_database(database)
{
}

DbResult<std::optional<RefundResult>> MockRefundLedger::findRecorded(const RefundRequest &request)
{
    return m_database.run(
        [&](QSqlDatabase &) {
            return fetchFirst(*m_database.prepared(kBumpRecorded), {request.idempotencyKey}, fromLedger);
        },
        Database::Retry::Never); // counts the call, so never twice
}

DbResult<RefundResult> MockRefundLedger::record(const RefundRequest &request, const RefundResult &decided)
{
    return m_database.run(
        [&](QSqlDatabase &db) -> DbResult<RefundResult> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<std::optional<qint64>> charged = fetchFirst(
                *m_database.prepared(kLockCharge), {request.paymentId},
                [](const QSqlQuery &query) { return query.value(0).toLongLong(); });
            if (!charged)
                return charged.error();
            if (!charged.value())
                return refused(QStringLiteral("no approved payment %1").arg(request.paymentId));
            if (decided.isApproved()) {
                const DbResult<qint64> refunded =
                    fetchNumber(*m_database.prepared(kRefundedSoFar), {request.paymentId});
                if (!refunded)
                    return refunded.error();
                if (request.amount.cents() > *charged.value() - refunded.value())
                    return refused(QStringLiteral("refund of %1 exceeds the %2 left to refund")
                                       .arg(request.amount.toDecimalString(),
                                            Money::fromCents(*charged.value() - refunded.value()).toDecimalString()));
            }
            const QString outcome = decided.isApproved() ? QStringLiteral("APPROVED") : QStringLiteral("DECLINED");
            const DbResult<std::optional<RefundResult>> recorded = fetchFirst(
                *m_database.prepared(kRecord),
                {request.idempotencyKey, request.paymentId, request.amount.cents(), outcome,
                 textOrNull(decided.externalTransactionId), textOrNull(decided.failureReason)},
                fromLedger);
            if (!recorded)
                return recorded.error();
            // RETURNING gives a row on insert and on conflict alike
            if (!recorded.value())
                return QSqlError(QStringLiteral("refund ledger returned no row"), {}, QSqlError::UnknownError);
            if (!transaction.commit())
                return transaction.error();
            return *recorded.value();
        },
        Database::Retry::Never);
}

} // namespace shop
