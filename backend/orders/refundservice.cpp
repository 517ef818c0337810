#include "refundservice.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
#include "db/database.h"
#include "db/databasefailure.h"

namespace shop {

namespace {

ServiceError failure(const QString &action, const QSqlError &error)
{
    return databaseFailure("refunds", action, error);
}

} // namespace

RefundService::RefundService(Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
    , m_refunds(database)
    , m_requests(database)
{
}

Result<RefundPage> RefundService::list(std::optional<RefundStatus> status, qint64 offset, int limit)
{
    const DbResult<RefundPage> page = m_database.run(
        [&](QSqlDatabase &) { return m_refunds.findPage(status, offset, limit); }, Database::Retry::OnceIfConnectionLost);
    if (!page)
        return failure(QStringLiteral("listing refunds"), page.error());
    return page.value();
}

Result<Refund> RefundService::retry(const QUuid &refundId, const QString &actor, const QString &correlationId)
{
    const QString chain = correlationId.isEmpty() ? idText(QUuid::createUuid()) : correlationId;
    const DbResult<Result<Refund>> outcome = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Result<Refund>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<std::optional<Refund>> reopened = m_refunds.reopen(refundId);
            if (!reopened)
                return reopened.error();
            if (!reopened.value()) {
                const DbResult<std::optional<Refund>> existing = m_refunds.findById(refundId);
                if (!existing)
                    return existing.error();
                if (!existing.value())
                    return Result<Refund>(ServiceError::notFound(QStringLiteral("no refund with this id")));
                return Result<Refund>(ServiceError::conflict(
                    QStringLiteral("the refund is %1; only FAILED refunds can be retried")
                        .arg(refundStatusName(existing.value()->status))));
            }
            const Refund &refund = *reopened.value();
            const RefundRequests::Origin origin{refund.reason, actor, chain, m_clock.now()};
            if (const DbResult<Done> announced = m_requests.announce(refund, origin); !announced)
                return announced.error();
            if (!transaction.commit())
                return transaction.error();
            return Result<Refund>(refund);
        },
        // A write whose connection died may or may not have committed; never repeat it.
        Database::Retry::Never);
    if (!outcome)
        return failure(QStringLiteral("retrying a refund"), outcome.error());
    if (outcome.value())
        log::info("refunds", QStringLiteral("refund retried"),
                  {{QStringLiteral("refundId"), idText(refundId)}, {QStringLiteral("by"), actor}});
    return outcome.value();
}

} // namespace shop
