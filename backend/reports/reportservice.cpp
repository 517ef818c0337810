#include "reportservice.h"

#include "core/clock.h"
#include "db/database.h"
#include "db/databasefailure.h"
#include "reportrepository.h"

#include <QSqlQuery>
#include <QTimeZone>

namespace shop {

namespace {

// Every statement of a report sees the same committed orders.
QSqlError beginSnapshot(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")))
        return query.lastError();
    return {};
}

template<typename T>
bool take(DbResult<QList<T>> rows, QList<T> &into, QSqlError &error)
{
    if (!rows) {
        error = rows.error();
        return false;
    }
    into = std::move(rows.value());
    return true;
}

} // namespace

ReportService::ReportService(Database &database, const Clock &clock) : m_database(database), m_clock(clock) {}

int ReportService::maxDays(ReportGranularity granularity)
{
    return granularity == ReportGranularity::Hour ? kMaxHourDays : kMaxDays;
}

QList<FieldError> ReportService::validate(const ReportPeriod &period)
{
    QList<FieldError> errors;
    if (!period.first.isValid())
        errors.append({QStringLiteral("from"), QStringLiteral("must be a date")});
    if (!period.last.isValid())
        errors.append({QStringLiteral("to"), QStringLiteral("must be a date")});
    if (period.timeZone.isEmpty() || !QTimeZone(period.timeZone).isValid())
        errors.append({QStringLiteral("timeZone"), QStringLiteral("must be a known time zone")});
    if (!errors.isEmpty())
        return errors;
    const qint64 days = period.first.daysTo(period.last) + 1;
    if (days < 1) {
        errors.append({QStringLiteral("to"), QStringLiteral("must not be before the first day")});
    } else if (days > maxDays(period.granularity)) {
        const QString by = period.granularity == ReportGranularity::Hour ? QStringLiteral("by hour")
                                                                          : QStringLiteral("by day or week");
        errors.append({QStringLiteral("to"), QStringLiteral("a report %1 covers at most %2 days; this is %3")
                                                 .arg(by)
                                                 .arg(maxDays(period.granularity))
                                                 .arg(days)});
    }
    return errors;
}

Result<SalesReport> ReportService::salesReport(const ReportPeriod &period)
{
    if (const QList<FieldError> errors = validate(period); !errors.isEmpty())
        return ServiceError::validation(errors);
    const ReportRepository repository(m_database);
    const DbResult<SalesReport> report = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<SalesReport> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (const QSqlError error = beginSnapshot(db); error.isValid())
                return error;
            SalesReport result;
            result.period = period;
            QSqlError error;
            if (!take(repository.salesOverTime(period), result.overTime, error)
                || !take(repository.salesByCategory(period), result.byCategory, error)
                || !take(repository.topProductsByRevenue(period), result.topByRevenue, error)
                || !take(repository.topProductsByUnits(period), result.topByUnits, error)
                || !take(repository.paymentMix(period), result.paymentMix, error)
                || !take(repository.paymentProblems(period), result.paymentProblems, error))
                return error;
            if (!transaction.commit())
                return transaction.error();
            return result;
        },
        Database::Retry::OnceIfConnectionLost);
    if (!report)
        return databaseFailure("reports", QStringLiteral("computing the sales report"), report.error());
    return report.value();
}

Result<HourlyComparison> ReportService::todayByHour(const QByteArray &timeZone)
{
    const QTimeZone zone(timeZone);
    if (!zone.isValid())
        return ServiceError::validation({{QStringLiteral("timeZone"), QStringLiteral("must be a known time zone")}});
    HourlyComparison comparison;
    comparison.day = m_clock.now().toTimeZone(zone).date();
    const ReportPeriod today{comparison.day, comparison.day, ReportGranularity::Hour, timeZone};
    const QDate weekBefore = comparison.day.addDays(-7);
    const ReportPeriod before{weekBefore, weekBefore, ReportGranularity::Hour, timeZone};
    const ReportRepository repository(m_database);
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &) -> QSqlError {
            QSqlError failed;
            if (!take(repository.salesOverTime(today), comparison.hours, failed))
                return failed;
            take(repository.salesOverTime(before), comparison.weekBefore, failed);
            return failed;
        },
        Database::Retry::OnceIfConnectionLost);
    if (error.isValid())
        return databaseFailure("reports", QStringLiteral("computing today by hour"), error);
    return comparison;
}

} // namespace shop
