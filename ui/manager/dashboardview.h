#pragma once

#include "catalog/catalogtypes.h"
#include "orders/orderstatistics.h"
#include "reports/reporttypes.h"

#include <QMap>
#include <QWidget>

class QChartView;
class QGroupBox;
class QLabel;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace shop {

class CatalogService;
class ReportService;

// The live dashboard: today's orders and revenue, today by hour against the
// same weekday a week before (small charts), failed payments, all orders by
// status and the products running low. Re-reads itself every few
// seconds on the thread pool; the low-stock threshold is the manager's
// choice and remembered between runs.
class DashboardView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardView)

public:
    static constexpr int kRefreshIntervalMs = 5000;
    static constexpr int kDefaultLowStockThreshold = 5;
    static constexpr int kLowStockRows = 50;

    DashboardView(OrderStatistics &statistics, CatalogService &catalog, ReportService &reports,
                  QWidget *parent = nullptr);

    void refresh();
    void setRefreshInterval(int milliseconds);
    // The StockLow alerts the manager has not dismissed, shown as a badge on
    // the low-stock list; a new count also refreshes the list.
    void setNewStockAlerts(int count);

Q_SIGNALS:
    // After each completed refresh (tests wait for it).
    void refreshed();

private:
    void thresholdChanged(int threshold);
    void showFigures(const OrderFigures &figures);
    void showLowStock(const QList<Product> &products);
    void showHourly(const HourlyComparison &comparison);
    void finishPart();

    OrderStatistics &m_statistics;
    CatalogService &m_catalog;
    ReportService &m_reports;
    int m_pendingParts = 0; // figures, hours and low stock load side by side
    bool m_isStale = false; // asked to refresh while a refresh was on its way
    QString m_error;
    QLabel *m_ordersToday = nullptr;
    QLabel *m_revenueToday = nullptr;
    QLabel *m_paymentsFailed = nullptr;
    QMap<OrderStatus, QLabel *> m_statusCounts;
    QChartView *m_hourlyRevenue = nullptr;
    QChartView *m_hourlyOrders = nullptr;
    QGroupBox *m_lowStockGroup = nullptr;
    QSpinBox *m_threshold = nullptr;
    QTableWidget *m_lowStock = nullptr;
    QLabel *m_updated = nullptr;
    QTimer *m_refresh = nullptr;
};

} // namespace shop
