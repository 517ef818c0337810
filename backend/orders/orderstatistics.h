#pragma once

#include "core/errors.h"
#include "core/money.h"
#include "ordertypes.h"

#include <QDateTime>
#include <QMap>

namespace shop {

class Clock;
class Database;

// What the manager's dashboard shows about orders.
struct OrderFigures
{
    QDateTime from; // the day's bounds, UTC; [from, to)
    QDateTime to;
    qint64 ordersPlaced = 0;   // created in the period, whatever became of them
    Money revenue;             // subtotals of orders paid in the period and still PAID or FULFILLED
    qint64 paymentsFailed = 0; // payments that failed in the period
    QMap<OrderStatus, qint64> byStatus; // all orders, by current status
};

// Read-only order figures for the dashboard. "Today" is the local calendar
// day of the machine the manager sits at, whatever zone the clock reports in.
class OrderStatistics
{
public:
    OrderStatistics(Database &database, const Clock &clock);
    OrderStatistics(const OrderStatistics &) = delete;
    OrderStatistics &operator=(const OrderStatistics &) = delete;

    Result<OrderFigures> today();

private:
    Database &m_database;
    const Clock &m_clock;
};

} // namespace shop
