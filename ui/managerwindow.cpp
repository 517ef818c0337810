#include "managerwindow.h"

#include <QCloseEvent>
#include <QLabel>
#include <QSettings>
#include <QStatusBar>

namespace shop {

ManagerWindow::ManagerWindow(const QString &apiUrl, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Shop manager"));
    auto *welcome = new QLabel(tr("Connected to the store database."), this);
    welcome->setAlignment(Qt::AlignCenter);
    setCentralWidget(welcome);
    statusBar()->showMessage(apiUrl.isEmpty() ? tr("REST API off (--no-api)")
                                              : tr("REST API at %1").arg(apiUrl));
    resize(1100, 700);
    restoreGeometry(QSettings().value(QStringLiteral("managerWindow/geometry")).toByteArray());
}

void ManagerWindow::closeEvent(QCloseEvent *event)
{
    QSettings().setValue(QStringLiteral("managerWindow/geometry"), saveGeometry());
    event->accept();
}

} // namespace shop
