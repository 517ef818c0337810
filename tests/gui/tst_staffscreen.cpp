#include "guitestenvironment.h"
#include "ui/manager/staffaccountdialog.h"
#include "ui/manager/staffview.h"

#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QtTest>

using namespace shop;

namespace {

const Principal kManager{QStringLiteral("mona"), {QStringLiteral("MANAGER")}};

template<typename T>
T *child(QWidget &parent, const char *name)
{
    return parent.findChild<T *>(QString::fromLatin1(name));
}

QString cell(StaffView &view, const QString &username, int column)
{
    const QTableWidget *table = view.table();
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, StaffView::UsernameColumn)->text() == username)
            return table->item(row, column)->text();
    return QStringLiteral("(not listed)");
}

void select(StaffView &view, const QString &username)
{
    for (int row = 0; row < view.table()->rowCount(); ++row)
        if (view.table()->item(row, StaffView::UsernameColumn)->text() == username)
            view.table()->selectRow(row);
}

} // namespace

// The manager's Staff screen against the real database (offscreen).
class StaffScreenTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GuiTestEnvironment> m_environment;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_environment = std::make_unique<GuiTestEnvironment>();
        QVERIFY2(m_environment->error().isEmpty(), qPrintable(m_environment->error()));
        QCOMPARE(m_environment->addUser(QStringLiteral("mona"), QStringLiteral("manager"), "manager123"), QString());
        QCOMPARE(m_environment->addUser(QStringLiteral("carl"), QStringLiteral("cashier"), "till-password"), QString());
        QCOMPARE(m_environment->addUser(QStringLiteral("cora"), QStringLiteral("customer"), "customer123"), QString());
    }

    void cleanup() { m_environment.reset(); }

    void theStaffListShowsRoleStatusLastLoginAndFailures()
    {
        QVERIFY(m_environment->auth().login(QStringLiteral("mona"), "manager123"));
        for (int i = 0; i < 3; ++i)
            QVERIFY(!m_environment->auth().login(QStringLiteral("carl"), "wrong-password"));

        ManagerWindow window(QString(), m_environment->managerServices(), kManager);
        window.resize(1000, 520);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        StaffView *staff = window.staffView();
        QVERIFY(staff);
        window.showScreen(staff);
        QTRY_COMPARE(staff->table()->rowCount(), 2); // managers and cashiers, no customers

        QCOMPARE(cell(*staff, QStringLiteral("carl"), StaffView::RoleColumn), QStringLiteral("Cashier"));
        QCOMPARE(cell(*staff, QStringLiteral("carl"), StaffView::StatusColumn), QStringLiteral("Active"));
        QCOMPARE(cell(*staff, QStringLiteral("carl"), StaffView::LastLoginColumn), QStringLiteral("never"));
        QCOMPARE(cell(*staff, QStringLiteral("carl"), StaffView::FailedLoginsColumn), QStringLiteral("3"));
        QCOMPARE(cell(*staff, QStringLiteral("mona"), StaffView::RoleColumn), QStringLiteral("Manager"));
        QVERIFY(cell(*staff, QStringLiteral("mona"), StaffView::LastLoginColumn) != QStringLiteral("never"));
        select(*staff, QStringLiteral("carl"));
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("staff-screen")));
    }

    void onlyManagersSeeTheStaffScreen()
    {
        ManagerWindow cashierWindow(QString(), m_environment->managerServices(),
                                    Principal{QStringLiteral("carl"), {QStringLiteral("CASHIER")}});
        QVERIFY(!cashierWindow.staffView());
        auto *screens = cashierWindow.findChild<QTabWidget *>(QStringLiteral("screens"));
        for (int i = 0; i < screens->count(); ++i)
            QVERIFY(!screens->tabText(i).contains(QStringLiteral("Staff")));
    }

    void addingAnAccountShowsTheRulesAndRefusesAShortPassword()
    {
        StaffAccountDialog dialog(m_environment->users(), std::nullopt);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *rule = child<QLabel>(dialog, "passwordRule");
        QVERIFY(rule && rule->isVisible());
        QVERIFY(rule->text().contains(QString::number(UserService::kMinPasswordLength)));

        QTest::keyClicks(child<QLineEdit>(dialog, "username"), QStringLiteral("sam"));
        QTest::keyClicks(child<QLineEdit>(dialog, "password"), QStringLiteral("short"));
        QTest::keyClicks(child<QLineEdit>(dialog, "confirmation"), QStringLiteral("short"));
        QTest::mouseClick(child<QPushButton>(dialog, "save"), Qt::LeftButton);
        auto *passwordError = child<QLabel>(dialog, "passwordError");
        QVERIFY(passwordError->isVisible());
        QVERIFY2(passwordError->text().contains(QStringLiteral("at least 8")), qPrintable(passwordError->text()));
        QVERIFY(dialog.isVisible());
        QVERIFY(GuiTestEnvironment::saveScreenshot(dialog, QStringLiteral("staff-add-account")));
        QCOMPARE(m_environment->users().list(true).accounts.size(), 2); // nothing saved

        child<QLineEdit>(dialog, "password")->setText(QStringLiteral("sam-password"));
        child<QLineEdit>(dialog, "confirmation")->setText(QStringLiteral("sam-passwort"));
        QTest::mouseClick(child<QPushButton>(dialog, "save"), Qt::LeftButton);
        QVERIFY(child<QLabel>(dialog, "confirmationError")->isVisible());

        child<QLineEdit>(dialog, "confirmation")->setText(QStringLiteral("sam-password"));
        QTest::mouseClick(child<QPushButton>(dialog, "save"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        QVERIFY(m_environment->auth().login(QStringLiteral("sam"), "sam-password"));
    }

    void aTakenUsernameIsToldUnderTheUsername()
    {
        StaffAccountDialog dialog(m_environment->users(), std::nullopt);
        dialog.show();
        QTest::keyClicks(child<QLineEdit>(dialog, "username"), QStringLiteral("carl"));
        child<QLineEdit>(dialog, "password")->setText(QStringLiteral("another-one"));
        child<QLineEdit>(dialog, "confirmation")->setText(QStringLiteral("another-one"));
        QTest::mouseClick(child<QPushButton>(dialog, "save"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(dialog, "usernameError")->isVisible(), 10000);
        QVERIFY(child<QLabel>(dialog, "usernameError")->text().contains(QStringLiteral("already exists")));
    }

    void aNewPasswordReplacesTheOldOne()
    {
        StaffAccountDialog dialog(m_environment->users(), QStringLiteral("carl"));
        dialog.show();
        QVERIFY(!child<QLineEdit>(dialog, "username")->isVisible());
        child<QLineEdit>(dialog, "password")->setText(QStringLiteral("fresh-password"));
        child<QLineEdit>(dialog, "confirmation")->setText(QStringLiteral("fresh-password"));
        QTest::mouseClick(child<QPushButton>(dialog, "save"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        QVERIFY(!m_environment->auth().login(QStringLiteral("carl"), "till-password"));
        QVERIFY(m_environment->auth().login(QStringLiteral("carl"), "fresh-password"));
    }

    void deactivatingAndLiftingALockoutFromTheScreen()
    {
        for (int i = 0; i < AuthService::kFreeFailures; ++i)
            QVERIFY(!m_environment->auth().login(QStringLiteral("carl"), "wrong-password"));
        StaffView view(m_environment->users(), QStringLiteral("mona"));
        view.show();
        QTRY_COMPARE(view.table()->rowCount(), 2);
        QCOMPARE(cell(view, QStringLiteral("carl"), StaffView::FailedLoginsColumn),
                 QString::number(AuthService::kFreeFailures));

        select(view, QStringLiteral("mona"));
        QVERIFY(!child<QPushButton>(view, "deactivate")->isEnabled()); // not oneself
        select(view, QStringLiteral("carl"));
        QVERIFY(child<QPushButton>(view, "liftLockout")->isEnabled());
        QTest::mouseClick(child<QPushButton>(view, "liftLockout"), Qt::LeftButton);
        QTRY_COMPARE(cell(view, QStringLiteral("carl"), StaffView::FailedLoginsColumn), QString());
        QCOMPARE(cell(view, QStringLiteral("carl"), StaffView::LockedUntilColumn), QString());

        QTimer answer;
        connect(&answer, &QTimer::timeout, &view, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes)->click();
        });
        answer.start(20);
        select(view, QStringLiteral("carl"));
        QTest::mouseClick(child<QPushButton>(view, "deactivate"), Qt::LeftButton);
        QTRY_COMPARE(cell(view, QStringLiteral("carl"), StaffView::StatusColumn), QStringLiteral("Deactivated"));
        QVERIFY(!m_environment->auth().login(QStringLiteral("carl"), "till-password"));
    }
};

QTEST_MAIN(StaffScreenTest)
#include "tst_staffscreen.moc"
