#pragma once

#include "core/errors.h"
#include "reporttypes.h"

namespace shop {

class Clock;
class Database;

// Sales reports for the manager: figures over a period, computed by the
// database (ReportRepository), all of one report from one snapshot so its
// parts add up. Refuses periods too long for their granularity.
class ReportService
{
public:
    // The longest period per granularity, in days (bounds the buckets a
    // report returns and a chart draws: 8,784 hours, 3,660 days, 523 weeks).
    static constexpr int kMaxHourDays = 366;
    static constexpr int kMaxDays = 3660;

    ReportService(Database &database, const Clock &clock);
    ReportService(const ReportService &) = delete;
    ReportService &operator=(const ReportService &) = delete;

    // Field errors name "from", "to" and "timeZone".
    static QList<FieldError> validate(const ReportPeriod &period);
    static int maxDays(ReportGranularity granularity);

    Result<SalesReport> salesReport(const ReportPeriod &period);
    // Today in timeZone (by the clock), by hour, and the same weekday a week before.
    Result<HourlyComparison> todayByHour(const QByteArray &timeZone);

private:
    Database &m_database;
    const Clock &m_clock;
};

} // namespace shop
