#include "dashboardview.h"
#include "ui/common/moneyformat.h"

#include "ui/common/backgroundtask.h"
#include "catalog/catalogservice.h"
#include "reportcharts.h"
#include "reportsview.h"
#include "reports/reportservice.h"
#include "ui/common/uisettings.h"

#include <QChartView>
#include <QColor>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QTableWidget>
#include <QTime>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

namespace shop {

namespace {


// One big figure with its caption, framed like a card.
QFrame *card(const QString &caption, QLabel *value)
{
    auto *frame = new QFrame;
    frame->setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(frame);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 2.2);
    big.setBold(true);
    value->setFont(big);
    value->setAlignment(Qt::AlignCenter);
    auto *label = new QLabel(caption);
    label->setAlignment(Qt::AlignCenter);
    layout->addWidget(value);
    layout->addWidget(label);
    return frame;
}

QLabel *figure(const char *name)
{
    auto *label = new QLabel(QStringLiteral("–"));
    label->setObjectName(QString::fromLatin1(name));
    return label;
}

QChartView *smallChart(const char *name)
{
    auto *view = new QChartView;
    view->setObjectName(QString::fromLatin1(name));
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(180);
    return view;
}

} // namespace

DashboardView::DashboardView(OrderStatistics &statistics, CatalogService &catalog, ReportService &reports,
                             QWidget *parent)
    : QWidget(parent)
    , m_statistics(statistics)
    , m_catalog(catalog)
    , m_reports(reports)
    , m_ordersToday(figure("ordersToday"))
    , m_revenueToday(figure("revenueToday"))
    , m_paymentsFailed(figure("paymentsFailedToday"))
    , m_hourlyRevenue(smallChart("hourlyRevenueChart"))
    , m_hourlyOrders(smallChart("hourlyOrdersChart"))
    , m_threshold(new QSpinBox)
    , m_lowStock(new QTableWidget(0, 3))
    , m_updated(new QLabel)
    , m_refresh(new QTimer(this))
{
    auto *today = new QHBoxLayout;
    today->addWidget(card(tr("Orders today"), m_ordersToday));
    today->addWidget(card(tr("Revenue today (paid and fulfilled)"), m_revenueToday));
    today->addWidget(card(tr("Payments failed today"), m_paymentsFailed));

    auto *hours = new QHBoxLayout;
    hours->addWidget(m_hourlyRevenue);
    hours->addWidget(m_hourlyOrders);
    m_hourlyRevenue->setToolTip(ReportsView::revenueDefinition());

    auto *byStatus = new QGroupBox(tr("All orders by status"));
    auto *statusGrid = new QGridLayout(byStatus);
    const QStringList names = orderStatusNames();
    for (int i = 0; i < names.size(); ++i) {
        auto *count = new QLabel(QStringLiteral("0"));
        count->setObjectName(QStringLiteral("statusCount_") + names.at(i));
        count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        QFont bold = count->font();
        bold.setBold(true);
        count->setFont(bold);
        statusGrid->addWidget(new QLabel(names.at(i)), i, 0);
        statusGrid->addWidget(count, i, 1);
        m_statusCounts.insert(*parseOrderStatus(names.at(i)), count);
    }
    statusGrid->setRowStretch(static_cast<int>(names.size()), 1);

    auto *lowStock = new QGroupBox(tr("Low stock"));
    lowStock->setObjectName(QStringLiteral("lowStockGroup"));
    m_lowStockGroup = lowStock;
    m_threshold->setObjectName(QStringLiteral("lowStockThreshold"));
    m_threshold->setRange(0, 1000000);
    m_threshold->setValue(uisettings::lowStockThreshold(kDefaultLowStockThreshold));
    m_threshold->setPrefix(tr("at most "));
    m_threshold->setSuffix(tr(" in stock"));
    m_lowStock->setObjectName(QStringLiteral("lowStock"));
    m_lowStock->setHorizontalHeaderLabels({tr("SKU"), tr("Product"), tr("In stock")});
    m_lowStock->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_lowStock->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_lowStock->setAlternatingRowColors(true);
    m_lowStock->verticalHeader()->hide();
    m_lowStock->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    auto *thresholdRow = new QHBoxLayout;
    thresholdRow->addWidget(new QLabel(tr("Show active products with")));
    thresholdRow->addWidget(m_threshold);
    thresholdRow->addStretch(1);
    auto *lowStockLayout = new QVBoxLayout(lowStock);
    lowStockLayout->addLayout(thresholdRow);
    lowStockLayout->addWidget(m_lowStock, 1);

    auto *lower = new QHBoxLayout;
    lower->addWidget(byStatus, 1);
    lower->addWidget(lowStock, 2);

    m_updated->setObjectName(QStringLiteral("dashboardUpdated"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 6);
    layout->addLayout(today);
    layout->addLayout(hours, 1);
    layout->addLayout(lower, 1);
    layout->addWidget(m_updated);

    m_refresh->setInterval(kRefreshIntervalMs);
    connect(m_refresh, &QTimer::timeout, this, &DashboardView::refresh);
    connect(m_threshold, &QSpinBox::valueChanged, this, &DashboardView::thresholdChanged);
    refresh();
    m_refresh->start();
}

void DashboardView::setRefreshInterval(int milliseconds)
{
    m_refresh->setInterval(milliseconds);
}

void DashboardView::refresh()
{
    if (m_pendingParts > 0) {
        m_isStale = true; // refresh again once this one is done (a new threshold)
        return;
    }
    m_pendingParts = 3;
    m_error.clear();
    OrderStatistics &statistics = m_statistics;
    runInBackground(this, [&statistics] { return statistics.today(); },
                    [this](const Result<OrderFigures> &figures) {
                        if (figures)
                            showFigures(figures.value());
                        else
                            m_error = figures.error().detail;
                        finishPart();
                    });
    ReportService &reports = m_reports;
    runInBackground(this, [&reports] { return reports.todayByHour(QTimeZone::systemTimeZoneId()); },
                    [this](const Result<HourlyComparison> &comparison) {
                        if (comparison)
                            showHourly(comparison.value());
                        else
                            m_error = comparison.error().detail;
                        finishPart();
                    });
    CatalogService &catalog = m_catalog;
    const int threshold = m_threshold->value();
    runInBackground(this, [&catalog, threshold] { return catalog.lowStockProducts(threshold, kLowStockRows); },
                    [this](const Result<QList<Product>> &products) {
                        if (products)
                            showLowStock(products.value());
                        else
                            m_error = products.error().detail;
                        finishPart();
                    });
}

void DashboardView::setNewStockAlerts(int count)
{
    if (count == 0) {
        m_lowStockGroup->setTitle(tr("Low stock"));
        return;
    }
    m_lowStockGroup->setTitle(count == 1 ? tr("Low stock (1 new alert)") : tr("Low stock (%1 new alerts)").arg(count));
    refresh(); // the products that just ran low
}

void DashboardView::thresholdChanged(int threshold)
{
    uisettings::setLowStockThreshold(threshold);
    refresh();
}

void DashboardView::showFigures(const OrderFigures &figures)
{
    m_ordersToday->setText(QLocale().toString(figures.ordersPlaced));
    m_revenueToday->setText(formatMoney(figures.revenue));
    m_paymentsFailed->setText(QLocale().toString(figures.paymentsFailed));
    m_paymentsFailed->setStyleSheet(figures.paymentsFailed > 0 ? QStringLiteral("color: #b00020;") : QString());
    for (auto it = m_statusCounts.cbegin(); it != m_statusCounts.cend(); ++it)
        it.value()->setText(QLocale().toString(figures.byStatus.value(it.key(), 0)));
}

void DashboardView::showLowStock(const QList<Product> &products)
{
    m_lowStock->setRowCount(static_cast<int>(products.size()));
    for (int row = 0; row < products.size(); ++row) {
        const Product &product = products.at(row);
        m_lowStock->setItem(row, 0, new QTableWidgetItem(product.sku));
        m_lowStock->setItem(row, 1, new QTableWidgetItem(product.name));
        auto *stock = new QTableWidgetItem(QLocale().toString(product.inventoryQuantity));
        stock->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (product.inventoryQuantity == 0)
            stock->setForeground(QColor(0xb0, 0x00, 0x20));
        m_lowStock->setItem(row, 2, stock);
    }
    m_lowStock->resizeColumnToContents(0);
}

void DashboardView::showHourly(const HourlyComparison &comparison)
{
    reportcharts::show(m_hourlyRevenue, reportcharts::hourlyComparison(comparison, false));
    reportcharts::show(m_hourlyOrders, reportcharts::hourlyComparison(comparison, true));
}

void DashboardView::finishPart()
{
    if (--m_pendingParts > 0)
        return;
    const QString time = QLocale().toString(QTime::currentTime(), QLocale::ShortFormat);
    m_updated->setText(m_error.isEmpty() ? tr("Updated %1; refreshes by itself.").arg(time)
                                         : tr("Could not refresh at %1: %2").arg(time, m_error));
    if (m_isStale) {
        m_isStale = false;
        refresh();
        return;
    }
    Q_EMIT refreshed();
}

} // namespace shop
