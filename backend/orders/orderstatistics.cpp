#include "orderstatistics.h"

#include "core/clock.h"
#include "db/database.h"
#include "db/databasefailure.h"
#include "orderstatisticsrepository.h"

namespace shop {

OrderStatistics::OrderStatistics(Database &database, const Clock &clock) : m_database(database), m_clock(clock) {}

Result<OrderFigures> OrderStatistics::today()
{
    const QDate day = m_clock.now().toLocalTime().date();
    const QDateTime from = day.startOfDay().toUTC();
    const QDateTime to = day.addDays(1).startOfDay().toUTC();
    const OrderStatisticsRepository repository(m_database);
    const DbResult<OrderFigures> figures = m_database.run(
        [&](QSqlDatabase &) -> DbResult<OrderFigures> {
            DbResult<OrderFigures> period = repository.periodFigures(from, to);
            if (!period)
                return period;
            const DbResult<QMap<OrderStatus, qint64>> byStatus = repository.countByStatus();
            if (!byStatus)
                return byStatus.error();
            period.value().byStatus = byStatus.value();
            return period;
        },
        Database::Retry::OnceIfConnectionLost);
    if (!figures)
        return databaseFailure("orders", QStringLiteral("computing today's figures"), figures.error());
    return figures.value();
}

} // namespace shop
