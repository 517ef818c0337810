#pragma once

#include <QMainWindow>

namespace shop {

// The store manager's main window. This first version shows where the
// engine runs; the catalog, orders and dashboard screens come next.
class ManagerWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManagerWindow)

public:
    // apiUrl is empty when the window does not serve the REST API.
    explicit ManagerWindow(const QString &apiUrl, QWidget *parent = nullptr);

protected:
    void closeEvent(QCloseEvent *event) override;
};

} // namespace shop
