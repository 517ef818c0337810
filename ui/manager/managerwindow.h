#pragma once

#include "auth/accesstokens.h"

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace shop {

class CatalogService;
class CatalogTransfer;
class CatalogView;
class DashboardView;
class OrderService;
class RefundService;
class OrderStatistics;
class OrdersView;
class ReportService;
class ReportsView;
class StockLowNotice;
class StockLowWatcher;
class ShiftService;
class TillView;
class StaffView;
class UserService;

// The backend services the manager window's screens call.
struct ManagerServices
{
    CatalogService &catalog;
    OrderService &orders;
    OrderStatistics &orderStatistics;
    RefundService &refunds;
    ReportService &reports;
    CatalogTransfer &catalogTransfer;
    ShiftService &shifts;
    UserService &users;
};

// The store manager's main window: one tab per screen (catalog, orders,
// dashboard, reports; the till's shifts and the staff for managers). Knows
// who logged in: only a MANAGER may change data or see the till and the
// staff, everyone else gets the other screens read-only. Ctrl+Tab /
// Ctrl+PgDown and Ctrl+Shift+Tab / Ctrl+PgUp go to the next and previous
// screen from anywhere in the window.
class ManagerWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManagerWindow)

public:
    // apiUrl is empty when the window does not serve the REST API.
    ManagerWindow(const QString &apiUrl, const ManagerServices &services, const Principal &user,
                  QWidget *parent = nullptr);

    static bool canChangeData(const Principal &user) { return user.hasRole(QStringLiteral("MANAGER")); }
    CatalogView *catalogView() const { return m_catalog; }
    OrdersView *ordersView() const { return m_orders; }
    DashboardView *dashboardView() const { return m_dashboard; }
    ReportsView *reportsView() const { return m_reports; }
    StockLowWatcher *stockLowWatcher() const { return m_stockLowWatcher; }
    TillView *tillView() const { return m_till; } // managers only; null for a read-only user
    StaffView *staffView() const { return m_staff; } // managers only
    // Shows the screen of that view (one of those above).
    void showScreen(QWidget *view);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void reloadCurrentScreen();
    void stepScreen(int step);
    void restoreOrFitGeometry();
    void showStatusMessage(const QString &message);
    void showNewStockAlerts(int count);

    QString m_apiStatus;
    CatalogView *m_catalog = nullptr;
    OrdersView *m_orders = nullptr;
    DashboardView *m_dashboard = nullptr;
    ReportsView *m_reports = nullptr;
    TillView *m_till = nullptr;
    StaffView *m_staff = nullptr;
    QTabWidget *m_tabs = nullptr;
    StockLowNotice *m_stockLowNotice = nullptr;
    StockLowWatcher *m_stockLowWatcher = nullptr;
    QLabel *m_dashboardBadge = nullptr; // on the Dashboard tab
};

} // namespace shop
