#include "managerwindow.h"

#include "ui/common/appicons.h"
#include "catalogview.h"
#include "dashboardview.h"
#include "ordersview.h"
#include "reportsview.h"
#include "stocklownotice.h"
#include "stocklowwatcher.h"
#include "tillview.h"
#include "staffview.h"
#include "ui/common/uisettings.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QStandardPaths>
#include <QScreen>
#include <QShortcut>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace shop {

namespace {

constexpr int kStatusMessageMs = 5000;
constexpr QSize kDefaultSize(1100, 700);

} // namespace

ManagerWindow::ManagerWindow(const QString &apiUrl, const ManagerServices &services, const Principal &user,
                             QWidget *parent)
    : QMainWindow(parent)
    , m_apiStatus(apiUrl.isEmpty() ? tr("REST API off (--no-api)") : tr("REST API at %1").arg(apiUrl))
    , m_catalog(new CatalogView(services.catalog, services.catalogTransfer, canChangeData(user), user.username, this))
    , m_orders(new OrdersView(services.orders, services.refunds, user, canChangeData(user), this))
    , m_dashboard(new DashboardView(services.orderStatistics, services.catalog, services.reports, this))
    , m_reports(new ReportsView(services.reports, this))
    , m_tabs(new QTabWidget(this))
    , m_stockLowNotice(new StockLowNotice)
    , m_stockLowWatcher(new StockLowWatcher(services.catalog, this))
    , m_dashboardBadge(new QLabel)
{
    setWindowTitle(tr("Shop manager"));
    m_tabs->setObjectName(QStringLiteral("screens"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_catalog, tr("&Catalog"));
    m_tabs->addTab(m_orders, tr("&Orders"));
    const int dashboardTab = m_tabs->addTab(m_dashboard, tr("&Dashboard"));
    m_tabs->addTab(m_reports, tr("&Reports"));
    m_dashboardBadge->setObjectName(QStringLiteral("lowStockBadge"));
    m_dashboardBadge->setToolTip(tr("New low-stock alerts"));
    m_dashboardBadge->setStyleSheet(QStringLiteral(
        "#lowStockBadge { background: #b00020; color: white; border-radius: 8px; padding: 0 5px; font-weight: bold; }"));
    m_tabs->tabBar()->setTabButton(dashboardTab, QTabBar::RightSide, m_dashboardBadge);
    m_dashboardBadge->hide(); // after setTabButton, which shows it
    if (canChangeData(user)) { // shifts and the journal are for managers
        m_till = new TillView(services.shifts, user.username,
                              QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                                  .filePath(QStringLiteral("shift-reports")),
                              this);
        m_tabs->addTab(m_till, tr("&Till"));
        connect(m_till, &TillView::statusMessage, this, &ManagerWindow::showStatusMessage);
        connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
            if (m_tabs->currentWidget() == m_till)
                m_till->refresh();
        });
    }
    if (user.hasRole(QStringLiteral("MANAGER"))) {
        m_staff = new StaffView(services.users, user.username, this);
        m_tabs->addTab(m_staff, tr("&Staff"));
        connect(m_staff, &StaffView::statusMessage, this, &ManagerWindow::showStatusMessage);
    }
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(4);
    centralLayout->addWidget(m_stockLowNotice);
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    connect(m_stockLowWatcher, &StockLowWatcher::alertsArrived, m_stockLowNotice, &StockLowNotice::addAlerts);
    connect(m_stockLowNotice, &StockLowNotice::unseenCountChanged, this, &ManagerWindow::showNewStockAlerts);
    connect(m_stockLowNotice, &StockLowNotice::showRequested, this, [this] { showScreen(m_dashboard); });
    // Window-wide, so they work whichever widget has the focus (a table
    // would otherwise take Ctrl+Tab for itself).
    const QList<QPair<QKeySequence, int>> screenKeys{
        {QKeySequence(Qt::CTRL | Qt::Key_Tab), 1},
        {QKeySequence(Qt::CTRL | Qt::Key_PageDown), 1},
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab), -1},
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab), -1},
        {QKeySequence(Qt::CTRL | Qt::Key_PageUp), -1},
    };
    for (const auto &[keys, step] : screenKeys)
        connect(new QShortcut(keys, this), &QShortcut::activated, this, [this, step = step] { stepScreen(step); });

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *reload = file->addAction(tr("&Reload"), this, &ManagerWindow::reloadCurrentScreen);
    reload->setShortcut(QKeySequence::Refresh);
    reload->setIcon(icons::reload());
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    const QString role = canChangeData(user) ? tr("manager") : tr("read-only");
    auto *userLabel = new QLabel(tr("Logged in as %1 (%2)").arg(user.username, role), this);
    userLabel->setObjectName(QStringLiteral("currentUser"));
    statusBar()->addPermanentWidget(userLabel);
    statusBar()->showMessage(m_apiStatus);
    connect(m_catalog, &CatalogView::statusMessage, this, &ManagerWindow::showStatusMessage);
    connect(m_orders, &OrdersView::statusMessage, this, &ManagerWindow::showStatusMessage);
    connect(m_reports, &ReportsView::statusMessage, this, &ManagerWindow::showStatusMessage);
    // Transient messages give the API address back when they expire.
    connect(statusBar(), &QStatusBar::messageChanged, this, [this](const QString &message) {
        if (message.isEmpty())
            statusBar()->showMessage(m_apiStatus);
    });

    restoreOrFitGeometry();
    m_tabs->setCurrentIndex(qBound(0, uisettings::managerWindowScreen(), m_tabs->count() - 1));
}

void ManagerWindow::showScreen(QWidget *view)
{
    m_tabs->setCurrentWidget(view);
}

void ManagerWindow::stepScreen(int step)
{
    const int count = m_tabs->count();
    m_tabs->setCurrentIndex((m_tabs->currentIndex() + step + count) % count);
}

void ManagerWindow::restoreOrFitGeometry()
{
    resize(kDefaultSize);
    if (restoreGeometry(uisettings::managerWindowGeometry()))
        return;
    // First start: on a screen smaller than the default size the window
    // would not fit, so it takes the whole screen instead.
    const QScreen *screen = this->screen();
    const QSize available = screen ? screen->availableSize() : kDefaultSize;
    if (available.width() < kDefaultSize.width() || available.height() < kDefaultSize.height())
        setWindowState(windowState() | Qt::WindowMaximized);
}

void ManagerWindow::reloadCurrentScreen()
{
    QWidget *current = m_tabs->currentWidget();
    if (current == m_catalog)
        m_catalog->refresh();
    else if (current == m_orders)
        m_orders->reload();
    else if (current == m_dashboard)
        m_dashboard->refresh();
    else if (current == m_reports)
        m_reports->refresh();
    else if (current == m_till && m_till)
        m_till->refresh();
    else if (current == m_staff)
        m_staff->refresh();
}

void ManagerWindow::showStatusMessage(const QString &message)
{
    statusBar()->showMessage(message, kStatusMessageMs);
}

void ManagerWindow::showNewStockAlerts(int count)
{
    m_dashboardBadge->setText(StockLowNotice::badgeText(count));
    m_dashboardBadge->setVisible(count > 0);
    m_tabs->tabBar()->adjustSize();
    m_dashboard->setNewStockAlerts(count);
    if (count > 0)
        showStatusMessage(tr("Low stock: %1 new alert(s), see the Dashboard").arg(count));
}

void ManagerWindow::closeEvent(QCloseEvent *event)
{
    uisettings::setManagerWindowGeometry(saveGeometry());
    uisettings::setManagerWindowScreen(m_tabs->currentIndex());
    event->accept();
}

} // namespace shop
