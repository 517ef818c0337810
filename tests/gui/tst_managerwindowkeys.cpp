#include "guitestenvironment.h"
#include "ui/common/uisettings.h"

#include <QLineEdit>
#include <QScreen>
#include <QSettings>
#include <QTabWidget>
#include <QtTest>

using namespace shop;

// The manager window's keyboard screen switching and its first-start size.
class ManagerWindowKeysTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GuiTestEnvironment> m_environment;
    const Principal m_manager{QStringLiteral("mona"), {QStringLiteral("MANAGER")}};

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        QSettings().clear();
        m_environment = std::make_unique<GuiTestEnvironment>();
        QVERIFY2(m_environment->error().isEmpty(), qPrintable(m_environment->error()));
    }

    void cleanup()
    {
        m_environment.reset();
        QSettings().clear();
    }

    void ctrlTabAndCtrlPageKeysSwitchScreensFromAnyWidget_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("modifiers");
        QTest::addColumn<int>("step");
        QTest::newRow("Ctrl+Tab") << int(Qt::Key_Tab) << int(Qt::ControlModifier) << 1;
        QTest::newRow("Ctrl+PgDown") << int(Qt::Key_PageDown) << int(Qt::ControlModifier) << 1;
        QTest::newRow("Ctrl+Shift+Tab") << int(Qt::Key_Backtab) << int(Qt::ControlModifier | Qt::ShiftModifier) << -1;
        QTest::newRow("Ctrl+PgUp") << int(Qt::Key_PageUp) << int(Qt::ControlModifier) << -1;
    }

    void ctrlTabAndCtrlPageKeysSwitchScreensFromAnyWidget()
    {
        QFETCH(int, key);
        QFETCH(int, modifiers);
        QFETCH(int, step);
        ManagerWindow window(QString(), m_environment->managerServices(), m_manager);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        auto *screens = window.findChild<QTabWidget *>(QStringLiteral("screens"));
        const int count = screens->count();
        QCOMPARE(count, 6); // catalog, orders, dashboard, reports, till, staff
        screens->setCurrentIndex(0);
        // From a text field deep inside the first screen, as a user would be.
        QLineEdit *search = screens->currentWidget()->findChild<QLineEdit *>();
        QVERIFY(search);
        search->setFocus();

        for (int press = 1; press <= count; ++press) {
            QWidget *focused = QApplication::focusWidget() ? QApplication::focusWidget() : &window;
            QTest::keyClick(focused, Qt::Key(key), Qt::KeyboardModifiers(modifiers));
            QCOMPARE(screens->currentIndex(), ((press * step) % count + count) % count);
        }
    }

    void aFirstStartOnASmallScreenOpensMaximised()
    {
        const QSize available = QGuiApplication::primaryScreen()->availableSize();
        ManagerWindow window(QString(), m_environment->managerServices(), m_manager);
        const bool isSmall = available.width() < 1100 || available.height() < 700;
        QCOMPARE(bool(window.windowState() & Qt::WindowMaximized), isSmall);
        if (!isSmall)
            QSKIP("the test screen is not smaller than the default size");
    }

    void aSavedGeometryWinsOverMaximising()
    {
        QSize saved;
        {
            ManagerWindow window(QString(), m_environment->managerServices(), m_manager);
            window.setWindowState(Qt::WindowNoState);
            window.resize(window.minimumSizeHint());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            saved = window.size();
            window.close(); // saves the geometry
        }
        QVERIFY(!uisettings::managerWindowGeometry().isEmpty());
        ManagerWindow reopened(QString(), m_environment->managerServices(), m_manager);
        QVERIFY(!(reopened.windowState() & Qt::WindowMaximized));
        QCOMPARE(reopened.size(), saved);
    }
};

QTEST_MAIN(ManagerWindowKeysTest)
#include "tst_managerwindowkeys.moc"
