#include "managerwindow.h"

#include "catalogview.h"

#include <QAction>
#include <QCloseEvent>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace shop {

namespace {

const QString kGeometryKey = QStringLiteral("managerWindow/geometry");
constexpr int kStatusMessageMs = 5000;

} // namespace

ManagerWindow::ManagerWindow(const QString &apiUrl, CatalogService &catalog, const Principal &user, QWidget *parent)
    : QMainWindow(parent)
    , m_apiStatus(apiUrl.isEmpty() ? tr("REST API off (--no-api)") : tr("REST API at %1").arg(apiUrl))
    , m_catalog(new CatalogView(catalog, canChangeData(user), this))
{
    setWindowTitle(tr("Shop manager"));
    auto *tabs = new QTabWidget(this);
    tabs->setDocumentMode(true);
    tabs->addTab(m_catalog, tr("&Catalog"));
    setCentralWidget(tabs);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *reload = file->addAction(tr("&Reload"), m_catalog, &CatalogView::refresh);
    reload->setShortcut(QKeySequence::Refresh);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    const QString role = canChangeData(user) ? tr("manager") : tr("read-only");
    auto *userLabel = new QLabel(tr("Logged in as %1 (%2)").arg(user.username, role), this);
    userLabel->setObjectName(QStringLiteral("currentUser"));
    statusBar()->addPermanentWidget(userLabel);
    statusBar()->showMessage(m_apiStatus);
    connect(m_catalog, &CatalogView::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, kStatusMessageMs); });
    // Transient messages give the API address back when they expire.
    connect(statusBar(), &QStatusBar::messageChanged, this, [this](const QString &message) {
        if (message.isEmpty())
            statusBar()->showMessage(m_apiStatus);
    });

    resize(1100, 700);
    restoreGeometry(QSettings().value(kGeometryKey).toByteArray());
}

void ManagerWindow::closeEvent(QCloseEvent *event)
{
    QSettings().setValue(kGeometryKey, saveGeometry());
    event->accept();
}

} // namespace shop
