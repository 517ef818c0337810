#include "mockpaymentgateway.h"

#include "core/ids.h"
#include "core/log.h"
#include "db/database.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>

namespace shop {

namespace {

using Outcome = ChargeResult::Outcome;

constexpr const char *kLogger = "payments.mock";

ChargeResult unavailable(const QString &reason)
{
    return {Outcome::Unavailable, {}, reason};
}

ChargeResult timedOut()
{
    return unavailable(QStringLiteral("payment gateway timed out"));
}

ChargeResult shuttingDown()
{
    return unavailable(QStringLiteral("shutting down"));
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

// Reads the row that RETURNING outcome, external_transaction_id, failure_reason gives.
ChargeResult fromLedger(const QSqlQuery &query)
{
    const bool isApproved = query.value(0).toString() == u"APPROVED";
    return {isApproved ? Outcome::Approved : Outcome::Declined, query.value(1).toString(), query.value(2).toString()};
}

// Both statements count the call; the second one runs only when the first
// found nothing, and its ON CONFLICT branch is the race with another daemon.
const QString kBumpRecorded = QStringLiteral(R"(
    UPDATE orders.mock_gateway_charges SET calls = calls + 1, updated_at = now()
     WHERE order_id = $1::uuid
    RETURNING outcome, external_transaction_id, failure_reason)");

const QString kRecord = QStringLiteral(R"(
    INSERT INTO orders.mock_gateway_charges
        (order_id, amount_cents, outcome, external_transaction_id, failure_reason)
    VALUES ($1::uuid, $2, $3, $4, $5)
    ON CONFLICT (order_id) DO UPDATE
       SET calls = orders.mock_gateway_charges.calls + 1, updated_at = now()
    RETURNING outcome, external_transaction_id, failure_reason)");

// The batch forms of the two statements above: the orders as a uuid[]
// literal, the new rows as a JSON array (texts and NULLs need no quoting).
const QString kBumpRecordedAll = QStringLiteral(R"(
    UPDATE orders.mock_gateway_charges SET calls = calls + 1, updated_at = now()
     WHERE order_id = ANY($1::uuid[])
    RETURNING order_id, outcome, external_transaction_id, failure_reason)");

const QString kRecordAll = QStringLiteral(R"(
    INSERT INTO orders.mock_gateway_charges
        (order_id, amount_cents, outcome, external_transaction_id, failure_reason)
    SELECT r.order_id, r.amount_cents, r.outcome, r.external_transaction_id, r.failure_reason
      FROM jsonb_to_recordset($1::jsonb)
           AS r (order_id uuid, amount_cents bigint, outcome text, external_transaction_id text, failure_reason text)
    ON CONFLICT (order_id) DO UPDATE
       SET calls = orders.mock_gateway_charges.calls + 1, updated_at = now()
    RETURNING order_id, outcome, external_transaction_id, failure_reason)");

// A row of the two statements above: the order and its ledger answer.
std::pair<QString, ChargeResult> fromLedgerWithOrder(const QSqlQuery &query)
{
    const bool isApproved = query.value(1).toString() == u"APPROVED";
    return {idText(idValue(query.value(0))),
            {isApproved ? Outcome::Approved : Outcome::Declined, query.value(2).toString(), query.value(3).toString()}};
}

} // namespace

MockPaymentGateway::Options MockPaymentGateway::fromSettings(const Settings &settings)
{
    return {.successRate = settings.paymentMockSuccessRate,
            .latency = std::chrono::milliseconds(settings.paymentMockLatencyMs),
            .failureMode = settings.paymentMockFailureMode};
}

MockPaymentGateway::MockPaymentGateway(Database &database, Options options)
    : m_database(database)
    , m_refunds(database)
    , m_options(options)
{
}

QString MockPaymentGateway::paymentMethod() const
{
    return QStringLiteral("MOCK");
}

void MockPaymentGateway::stop()
{
    m_stop.stop();
}

ChargeResult MockPaymentGateway::charge(const ChargeRequest &request, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (m_stop.isStopped())
        return shuttingDown();

    const DbResult<std::optional<ChargeResult>> recorded = findRecorded(request);
    if (!recorded)
        return databaseFailure(request, recorded.error());
    if (recorded.value())
        return *recorded.value(); // asked before: same answer, no new money moves

    if (m_options.latency >= timeout)
        return m_stop.sleepUntil(deadline) ? timedOut() : shuttingDown();
    if (!m_stop.sleepFor(m_options.latency))
        return shuttingDown();

    const ChargeResult decided = decide(deadline, QStringLiteral("mock_"), QStringLiteral("card declined"));
    if (decided.outcome == Outcome::Unavailable)
        return decided;
    const DbResult<ChargeResult> result = record(request, decided);
    if (!result)
        return databaseFailure(request, result.error());
    return result.value();
}

std::vector<ChargeResult> MockPaymentGateway::chargeAll(const std::vector<ChargeRequest> &requests,
                                                        std::chrono::milliseconds timeout)
{
    // With a latency, each charge takes it in turn and is recorded when
    // decided, as a gateway answering one request at a time would: a stop
    // or a crash in the middle of a poll leaves some charged, some not.
    if (m_options.latency.count() > 0)
        return PaymentGateway::chargeAll(requests, timeout);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::vector<ChargeResult> results(requests.size(), shuttingDown());
    if (m_stop.isStopped() || requests.empty())
        return results;
    QStringList orderIds;
    for (const ChargeRequest &request : requests)
        orderIds << idText(request.orderId);
    const auto ledgerRows = [&](const QString &sql, const QVariant &value) {
        return m_database.run(
            [&](QSqlDatabase &) { return fetchAll(*m_database.prepared(sql), {value}, fromLedgerWithOrder); },
            Database::Retry::Never); // counts the calls, so never twice
    };
    const auto failAll = [&](const QSqlError &error) {
        for (std::size_t i = 0; i < requests.size(); ++i)
            results[i] = databaseFailure(requests[i], error);
        return results;
    };

    // Asked before: the same answer, no new money moves.
    QHash<QString, ChargeResult> answers;
    const auto recorded = ledgerRows(kBumpRecordedAll, QString(u'{' + orderIds.join(u',') + u'}'));
    if (!recorded)
        return failAll(recorded.error());
    for (const auto &[orderId, answer] : recorded.value())
        answers.insert(orderId, answer);

    if (answers.size() < orderIds.size()) {
        // The new ones (no latency to wait for: see above).
        const ChargeResult waited =
            timeout.count() > 0 ? ChargeResult{Outcome::Approved, {}, {}} : timedOut();
        QJsonArray rows;
        QSet<QString> decided;
        for (std::size_t i = 0; i < requests.size(); ++i) {
            if (answers.contains(orderIds[i]) || decided.contains(orderIds[i]))
                continue;
            decided.insert(orderIds[i]);
            const ChargeResult decision = waited.outcome == Outcome::Unavailable
                ? waited
                : decide(deadline, QStringLiteral("mock_"), QStringLiteral("card declined"));
            if (decision.outcome == Outcome::Unavailable) {
                answers.insert(orderIds[i], decision); // not recorded: asking again decides anew
                continue;
            }
            rows.append(QJsonObject{{QStringLiteral("order_id"), orderIds[i]},
                                    {QStringLiteral("amount_cents"), requests[i].amount.cents()},
                                    {QStringLiteral("outcome"), decision.isApproved() ? QStringLiteral("APPROVED")
                                                                                      : QStringLiteral("DECLINED")},
                                    {QStringLiteral("external_transaction_id"),
                                     decision.externalTransactionId.isEmpty() ? QJsonValue()
                                                                              : QJsonValue(decision.externalTransactionId)},
                                    {QStringLiteral("failure_reason"), decision.failureReason.isEmpty()
                                                                           ? QJsonValue()
                                                                           : QJsonValue(decision.failureReason)}});
        }
        if (!rows.isEmpty()) {
            const auto written =
                ledgerRows(kRecordAll, QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
            if (!written)
                return failAll(written.error());
            for (const auto &[orderId, answer] : written.value())
                answers.insert(orderId, answer);
        }
    }
    for (std::size_t i = 0; i < requests.size(); ++i)
        results[i] = answers.value(orderIds[i], unavailable(QStringLiteral("ledger returned no row")));
    return results;
}

RefundResult MockPaymentGateway::refund(const RefundRequest &request, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (m_stop.isStopped())
        return shuttingDown();

    const DbResult<std::optional<RefundResult>> recorded = m_refunds.findRecorded(request);
    if (!recorded)
        return refundFailure(request, recorded.error());
    if (recorded.value())
        return *recorded.value(); // asked before under this key: same answer, no new money moves

    if (m_options.latency >= timeout)
        return m_stop.sleepUntil(deadline) ? timedOut() : shuttingDown();
    if (!m_stop.sleepFor(m_options.latency))
        return shuttingDown();

    const RefundResult decided = decide(deadline, QStringLiteral("mock_refund_"), QStringLiteral("refund declined"));
    if (decided.outcome == Outcome::Unavailable)
        return decided;
    const DbResult<RefundResult> result = m_refunds.record(request, decided);
    if (!result)
        return refundFailure(request, result.error());
    return result.value();
}

ChargeResult MockPaymentGateway::decide(std::chrono::steady_clock::time_point deadline, const QString &idPrefix,
                                        const QString &declineReason)
{
    // generateDouble() is in [0, 1): a rate of 1 always approves, 0 never does.
    if (QRandomGenerator::global()->generateDouble() < m_options.successRate)
        return {Outcome::Approved, idPrefix + idText(QUuid::createUuid()), {}};
    switch (m_options.failureMode) {
    case PaymentFailureMode::Decline:
        return {Outcome::Declined, {}, declineReason};
    case PaymentFailureMode::Timeout:
        return m_stop.sleepUntil(deadline) ? timedOut() : shuttingDown();
    case PaymentFailureMode::Error:
        break;
    }
    return unavailable(QStringLiteral("payment gateway error"));
}

DbResult<std::optional<ChargeResult>> MockPaymentGateway::findRecorded(const ChargeRequest &request)
{
    return m_database.run(
        [&](QSqlDatabase &) {
            return fetchFirst(*m_database.prepared(kBumpRecorded), {idText(request.orderId)}, fromLedger);
        },
        Database::Retry::Never); // counts the call, so never twice
}

DbResult<ChargeResult> MockPaymentGateway::record(const ChargeRequest &request, const ChargeResult &decided)
{
    const QString outcome = decided.isApproved() ? QStringLiteral("APPROVED") : QStringLiteral("DECLINED");
    return m_database.run(
        [&](QSqlDatabase &) -> DbResult<ChargeResult> {
            const DbResult<std::optional<ChargeResult>> recorded =
                fetchFirst(*m_database.prepared(kRecord),
                           {idText(request.orderId), request.amount.cents(), outcome,
                            textOrNull(decided.externalTransactionId), textOrNull(decided.failureReason)},
                           fromLedger);
            if (!recorded)
                return recorded.error();
            // RETURNING gives a row on insert and on conflict alike
            if (!recorded.value())
                return QSqlError(QStringLiteral("ledger returned no row"), {}, QSqlError::UnknownError);
            return *recorded.value();
        },
        Database::Retry::Never);
}

ChargeResult MockPaymentGateway::databaseFailure(const ChargeRequest &request, const QSqlError &error) const
{
    log::warn(kLogger, QStringLiteral("mock gateway ledger unavailable"),
              {{QStringLiteral("orderId"), idText(request.orderId)},
               {QStringLiteral("orderNumber"), request.orderNumber},
               {QStringLiteral("error"), error.text()}});
    return unavailable(QStringLiteral("payment gateway error"));
}

ChargeResult MockPaymentGateway::refundFailure(const RefundRequest &request, const QSqlError &error) const
{
    log::warn(kLogger, QStringLiteral("mock gateway refund ledger unavailable"),
              {{QStringLiteral("idempotencyKey"), request.idempotencyKey},
               {QStringLiteral("orderNumber"), request.orderNumber},
               {QStringLiteral("error"), error.text()}});
    return unavailable(QStringLiteral("payment gateway error"));
}

} // namespace shop
