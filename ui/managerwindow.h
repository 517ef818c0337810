#pragma once

#include "auth/accesstokens.h"

#include <QMainWindow>

namespace shop {

class CatalogService;
class CatalogView;

// The store manager's main window: one tab per screen (the catalog so far;
// orders and the dashboard come next). Knows who logged in: only a MANAGER
// may change data, everyone else gets the same screens read-only.
class ManagerWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManagerWindow)

public:
    // apiUrl is empty when the window does not serve the REST API.
    ManagerWindow(const QString &apiUrl, CatalogService &catalog, const Principal &user, QWidget *parent = nullptr);

    static bool canChangeData(const Principal &user) { return user.hasRole(QStringLiteral("MANAGER")); }
    CatalogView *catalogView() const { return m_catalog; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QString m_apiStatus;
    CatalogView *m_catalog = nullptr;
};

} // namespace shop
