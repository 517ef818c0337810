#include "managerwindow.h"

#include <QDir>
#include <QLabel>
#include <QStatusBar>
#include <QtTest>

using namespace shop;

// The manager window as a user first sees it (offscreen).
class ManagerWindowTest : public QObject
{
    Q_OBJECT

private:
    static void saveScreenshot(QWidget &widget, const QString &name)
    {
        const QString folder = QStringLiteral(SHOP_SCREENSHOT_DIR);
        QDir().mkpath(folder);
        QVERIFY(widget.grab().save(folder + u'/' + name + QStringLiteral(".png")));
    }

private Q_SLOTS:
    void statusBarTellsWhereTheApiIsServed()
    {
        ManagerWindow window(QStringLiteral("http://localhost:8080"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("http://localhost:8080")));
        saveScreenshot(window, QStringLiteral("manager-window"));
    }

    void statusBarSaysWhenTheApiIsOff()
    {
        ManagerWindow window{QString()};
        window.show();
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("--no-api")));
    }
};

QTEST_MAIN(ManagerWindowTest)
#include "tst_managerwindow.moc"
