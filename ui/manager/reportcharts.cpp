#include "reportcharts.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QLocale>
#include <QPieSeries>
#include <QValueAxis>

#include <cmath>

namespace shop::reportcharts {

namespace {

double decimal(const Money &money)
{
    return static_cast<double>(money.cents()) / 100.0;
}

QChart *newChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    return chart;
}

QString timeFormat(ReportGranularity granularity)
{
    return granularity == ReportGranularity::Hour ? QStringLiteral("dd MMM HH:mm") : QStringLiteral("dd MMM yyyy");
}

QDateTimeAxis *timeAxis(QChart *chart, ReportGranularity granularity, qsizetype buckets)
{
    auto *axis = new QDateTimeAxis;
    axis->setFormat(timeFormat(granularity));
    axis->setTickCount(static_cast<int>(qBound(qsizetype(2), buckets, qsizetype(8))));
    chart->addAxis(axis, Qt::AlignBottom);
    return axis;
}

QValueAxis *valueAxis(QChart *chart, const QString &title, Qt::Alignment where, double maximum, bool whole)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(title);
    if (whole) {
        // Ticks on whole numbers only, at most six of them.
        const double top = qMax(1.0, std::ceil(maximum));
        const double step = qMax(1.0, std::ceil(top / 5));
        axis->setRange(0, std::ceil(top / step) * step);
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(0);
        axis->setTickInterval(step);
        axis->setLabelFormat(QStringLiteral("%d"));
    } else {
        axis->setRange(0, maximum > 0 ? maximum * 1.05 : 1);
        axis->applyNiceNumbers();
        axis->setLabelFormat(QStringLiteral("%.2f"));
    }
    chart->addAxis(axis, where);
    return axis;
}

void attach(QChart *chart, QAbstractSeries *series, QAbstractAxis *x, QAbstractAxis *y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

// A horizontal bar per label, the first on top.
QChart *horizontalBars(const QString &title, const QString &setName, const QStringList &labels,
                       const QList<double> &values, bool whole)
{
    QChart *chart = newChart(title);
    auto *set = new QBarSet(setName);
    QStringList shown;
    double maximum = 0;
    for (qsizetype i = qMin<qsizetype>(labels.size(), kMaxBars) - 1; i >= 0; --i) {
        shown << labels.at(i);
        *set << values.at(i);
        maximum = qMax(maximum, values.at(i));
    }
    auto *series = new QHorizontalBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
    auto *categories = new QBarCategoryAxis;
    categories->append(shown);
    chart->addAxis(categories, Qt::AlignLeft);
    QValueAxis *axis = valueAxis(chart, setName, Qt::AlignBottom, maximum, whole);
    attach(chart, series, axis, categories);
    chart->legend()->hide();
    return chart;
}

} // namespace

void show(QChartView *view, QChart *chart)
{
    QChart *old = view->chart();
    view->setChart(chart);
    delete old;
}

QChart *salesOverTime(const SalesReport &report)
{
    QChart *chart = newChart(QObject::tr("Revenue and orders per %1")
                                 .arg(report.period.granularity == ReportGranularity::Hour  ? QObject::tr("hour")
                                      : report.period.granularity == ReportGranularity::Day ? QObject::tr("day")
                                                                                            : QObject::tr("week")));
    auto *revenue = new QLineSeries;
    revenue->setName(QObject::tr("Revenue"));
    auto *orders = new QLineSeries;
    orders->setName(QObject::tr("Orders"));
    double maxRevenue = 0;
    double maxOrders = 0;
    for (const SalesBucket &bucket : report.overTime) {
        const double at = static_cast<double>(bucket.start.toMSecsSinceEpoch());
        revenue->append(at, decimal(bucket.revenue));
        orders->append(at, static_cast<double>(bucket.orders));
        maxRevenue = qMax(maxRevenue, decimal(bucket.revenue));
        maxOrders = qMax(maxOrders, static_cast<double>(bucket.orders));
    }
    QDateTimeAxis *x = timeAxis(chart, report.period.granularity, report.overTime.size());
    attach(chart, revenue, x, valueAxis(chart, QObject::tr("Revenue"), Qt::AlignLeft, maxRevenue, false));
    attach(chart, orders, x, valueAxis(chart, QObject::tr("Orders"), Qt::AlignRight, maxOrders, true));
    return chart;
}

QChart *salesByCategory(const SalesReport &report)
{
    QStringList labels;
    QList<double> values;
    for (const CategorySales &category : report.byCategory) {
        labels << category.category;
        values << decimal(category.revenue);
    }
    return horizontalBars(QObject::tr("Revenue by category"), QObject::tr("Revenue"), labels, values, false);
}

QChart *topProducts(const QString &title, const QList<ProductSales> &products, bool byUnits)
{
    QStringList labels;
    QList<double> values;
    for (const ProductSales &product : products) {
        labels << QStringLiteral("%1 (%2)").arg(product.name, product.sku);
        values << (byUnits ? static_cast<double>(product.units) : decimal(product.revenue));
    }
    return horizontalBars(title, byUnits ? QObject::tr("Units") : QObject::tr("Revenue"), labels, values, byUnits);
}

QChart *paymentShares(const QString &title, const QList<PaymentMix> &shares, bool byChannel)
{
    QChart *chart = newChart(title);
    auto *pie = new QPieSeries;
    for (const PaymentMix &share : shares) {
        const QString name = byChannel ? share.channel : share.paymentMethod;
        QPieSlice *slice = pie->append(QObject::tr("%1: %2 (%n order(s))", nullptr, static_cast<int>(share.paidOrders))
                                           .arg(name, share.revenue.toDecimalString()),
                                       decimal(share.revenue));
        Q_UNUSED(slice) // the legend names the slices: labels on a small pie get cut off
    }
    chart->addSeries(pie);
    chart->legend()->setAlignment(Qt::AlignRight);
    return chart;
}

QChart *paymentProblems(const SalesReport &report)
{
    QChart *chart = newChart(QObject::tr("Failed payments and refunds"));
    auto *failed = new QLineSeries;
    failed->setName(QObject::tr("Failed payments (amount)"));
    auto *refunded = new QLineSeries;
    refunded->setName(QObject::tr("Refunded (amount)"));
    double maximum = 0;
    for (const PaymentProblemsBucket &bucket : report.paymentProblems) {
        const double at = static_cast<double>(bucket.start.toMSecsSinceEpoch());
        failed->append(at, decimal(bucket.failedAmount));
        refunded->append(at, decimal(bucket.refundedAmount));
        maximum = qMax(maximum, qMax(decimal(bucket.failedAmount), decimal(bucket.refundedAmount)));
    }
    QDateTimeAxis *x = timeAxis(chart, report.period.granularity, report.paymentProblems.size());
    QValueAxis *y = valueAxis(chart, QObject::tr("Amount"), Qt::AlignLeft, maximum, false);
    attach(chart, failed, x, y);
    attach(chart, refunded, x, y);
    return chart;
}

QChart *hourlyComparison(const HourlyComparison &comparison, bool orders)
{
    QChart *chart = newChart(orders ? QObject::tr("Orders by hour") : QObject::tr("Revenue by hour"));
    double maximum = 0;
    auto line = [orders, &maximum](const QString &name, const QList<SalesBucket> &hours) {
        auto *series = new QLineSeries;
        series->setName(name);
        for (qsizetype hour = 0; hour < hours.size(); ++hour) {
            const double value = orders ? static_cast<double>(hours.at(hour).orders) : decimal(hours.at(hour).revenue);
            series->append(static_cast<double>(hour), value);
            maximum = qMax(maximum, value);
        }
        return series;
    };
    QLineSeries *today = line(QObject::tr("Today"), comparison.hours);
    QLineSeries *before = line(QObject::tr("%1 (a week before)")
                                   .arg(QLocale().toString(comparison.day.addDays(-7), QLocale::ShortFormat)),
                               comparison.weekBefore);
    auto *x = new QValueAxis;
    x->setRange(0, 23);
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    x->setTickInterval(3);
    x->setLabelFormat(QStringLiteral("%d:00"));
    chart->addAxis(x, Qt::AlignBottom);
    QValueAxis *y = valueAxis(chart, QString(), Qt::AlignLeft, maximum, orders);
    attach(chart, today, x, y);
    attach(chart, before, x, y);
    return chart;
}

} // namespace shop::reportcharts
