#pragma once

#include "reports/reporttypes.h"

class QChart;
class QChartView;

namespace shop::reportcharts {

// The charts of the Reports tab and the dashboard, built from a report's
// figures; the caller's QChartView takes them over. Amounts are drawn as
// decimals (the tables next to them hold the exact cents).

// Revenue (left axis) and orders (right axis) per bucket.
QChart *salesOverTime(const SalesReport &report);
// Revenue per category, the highest first (at most kMaxBars of them).
QChart *salesByCategory(const SalesReport &report);
// The top products, by revenue or by units.
QChart *topProducts(const QString &title, const QList<ProductSales> &products, bool byUnits);
// Revenue by payment method or by channel, as a pie.
QChart *paymentShares(const QString &title, const QList<PaymentMix> &shares, bool byChannel);
// Failed payments' and refunds' amounts per bucket.
QChart *paymentProblems(const SalesReport &report);
// Today's hours beside the same weekday a week before: revenue, or orders.
QChart *hourlyComparison(const HourlyComparison &comparison, bool orders);

// Puts chart into view and deletes the one it showed before.
void show(QChartView *view, QChart *chart);

// More bars than this would not be readable; the table lists them all.
inline constexpr int kMaxBars = 20;

} // namespace shop::reportcharts
