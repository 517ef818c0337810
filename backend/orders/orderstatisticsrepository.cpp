#include "orderstatisticsrepository.h"

#include "db/database.h"

namespace shop {

namespace {

// Revenue counts an order once its payment settled (completed_at) and only
// while it is not cancelled or failed: money kept, not money asked for.
const QString kPeriodFigures = QStringLiteral(R"(
    SELECT count(*) FILTER (WHERE created_at >= $1 AND created_at < $2),
           COALESCE(sum(subtotal_cents) FILTER (WHERE status IN ('PAID', 'FULFILLED')
                    AND completed_at >= $1 AND completed_at < $2), 0),
           count(*) FILTER (WHERE payment_status = 'FAILED' AND completed_at >= $1 AND completed_at < $2)
      FROM orders.orders
     WHERE (created_at >= $1 AND created_at < $2) OR (completed_at >= $1 AND completed_at < $2))");

const QString kCountByStatus = QStringLiteral(R"(
    SELECT status, count(*) FROM orders.orders GROUP BY status)");

} // namespace

OrderStatisticsRepository::OrderStatisticsRepository(Database &database) : m_database(database) {}

DbResult<OrderFigures> OrderStatisticsRepository::periodFigures(const QDateTime &from, const QDateTime &to) const
{
    OrderFigures figures;
    figures.from = from;
    figures.to = to;
    figures.revenue = Money::fromCents(0);
    auto query = m_database.prepared(kPeriodFigures);
    if (!execPrepared(*query, {from.toUTC(), to.toUTC()}))
        return query->lastError();
    if (query->next()) {
        figures.ordersPlaced = query->value(0).toLongLong();
        figures.revenue = Money::fromCents(query->value(1).toLongLong());
        figures.paymentsFailed = query->value(2).toLongLong();
    }
    query->finish();
    return figures;
}

DbResult<QMap<OrderStatus, qint64>> OrderStatisticsRepository::countByStatus() const
{
    auto query = m_database.prepared(kCountByStatus);
    if (!execPrepared(*query, {}))
        return query->lastError();
    QMap<OrderStatus, qint64> counts;
    while (query->next()) {
        if (const std::optional<OrderStatus> status = parseOrderStatus(query->value(0).toString()))
            counts.insert(*status, query->value(1).toLongLong());
    }
    query->finish();
    return counts;
}

} // namespace shop
