#include "ui/common/appicons.h"
#include "ui/manager/catalogview.h"
#include "guitestenvironment.h"
#include "ui/manager/managerwindow.h"
#include "ui/manager/ordersview.h"

#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QStatusBar>
#include <QtTest>

using namespace shop;

// The manager window as a user first sees it (offscreen).
class ManagerWindowTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void statusBarTellsWhereTheApiIsServed()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        ManagerWindow window(QStringLiteral("http://localhost:8080"), environment.managerServices(),
                             Principal{QStringLiteral("anna"), {QStringLiteral("MANAGER")}});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("http://localhost:8080")));
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("manager-window")));
    }

    void statusBarSaysWhenTheApiIsOff()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        ManagerWindow window(QString(), environment.managerServices(), Principal{QStringLiteral("anna"), {QStringLiteral("MANAGER")}});
        window.show();
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("--no-api")));
    }

    void onlyManagersMayChangeTheCatalog()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        ManagerWindow manager(QString(), environment.managerServices(), Principal{QStringLiteral("anna"), {QStringLiteral("MANAGER")}});
        ManagerWindow cashier(QString(), environment.managerServices(), Principal{QStringLiteral("carl"), {QStringLiteral("CASHIER")}});
        QVERIFY(manager.findChild<QPushButton *>(QStringLiteral("newProduct"))->isEnabled());
        QVERIFY(!cashier.findChild<QPushButton *>(QStringLiteral("newProduct"))->isEnabled());
        QVERIFY(!cashier.findChild<QPushButton *>(QStringLiteral("editProduct"))->isEnabled());
        QVERIFY(manager.findChild<QPushButton *>(QStringLiteral("newCategory"))->isEnabled());
        QVERIFY(!cashier.findChild<QPushButton *>(QStringLiteral("newCategory"))->isEnabled());
        QVERIFY(!cashier.findChild<QPushButton *>(QStringLiteral("adjustStock"))->isEnabled());
    }

    void theWindowReopensOnTheScreenItWasClosedOn()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        const Principal anna{QStringLiteral("anna"), {QStringLiteral("MANAGER")}};
        {
            ManagerWindow window(QString(), environment.managerServices(), anna);
            window.show();
            window.showScreen(window.ordersView());
            window.close();
        }
        ManagerWindow reopened(QString(), environment.managerServices(), anna);
        auto *screens = reopened.findChild<QTabWidget *>(QStringLiteral("screens"));
        QCOMPARE(screens->currentIndex(), 1);
        reopened.showScreen(reopened.catalogView());
        reopened.close(); // leave the catalog first for the other tests
    }

    void theIconsAreEmbeddedAndRender()
    {
        for (const QIcon &icon : {icons::newItem(), icons::edit(), icons::reload(), icons::adjustStock(),
                                  icons::deactivate(), icons::remove(), icons::category()}) {
            QVERIFY(!icon.isNull());
            QVERIFY(!icon.pixmap(24, 24).isNull());
        }
    }
};

QTEST_MAIN(ManagerWindowTest)
#include "tst_managerwindow.moc"
