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
    OrderFigures figures;
    figures.from = day.startOfDay().toUTC();
    figures.to = day.addDays(1).startOfDay().toUTC();
    const OrderStatisticsRepository repository(m_database);
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &) {
            const QSqlError period = repository.periodFigures(figures.from, figures.to, figures);
            return period.isValid() ? period : repository.countByStatus(figures.byStatus);
        },
        Database::Retry::OnceIfConnectionLost);
    if (error.isValid())
        return databaseFailure("orders", QStringLiteral("computing today's figures"), error);
    return figures;
}

} // namespace shop
