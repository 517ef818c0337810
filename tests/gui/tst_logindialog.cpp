#include "guitestenvironment.h"
#include "ui/common/logindialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QtTest>

using namespace shop;

// Logging in to the manager window, against the auth users in PostgreSQL.
class LoginDialogTest : public QObject
{
    Q_OBJECT

private:
    static void typeCredentials(LoginDialog &dialog, const QString &username, const QString &password)
    {
        auto *usernameField = dialog.findChild<QLineEdit *>(QStringLiteral("username"));
        auto *passwordField = dialog.findChild<QLineEdit *>(QStringLiteral("password"));
        usernameField->clear();
        QTest::keyClicks(usernameField, username);
        passwordField->clear();
        QTest::keyClicks(passwordField, password);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void aManagerLogsInAndTheUsernameIsRemembered()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        QCOMPARE(environment.addUser(QStringLiteral("maria"), QStringLiteral("manager"), "correct-horse"), QString());

        LoginDialog dialog(environment.auth(), environment.tokens());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        typeCredentials(dialog, QStringLiteral("maria"), QStringLiteral("correct-horse"));
        QVERIFY(GuiTestEnvironment::saveScreenshot(dialog, QStringLiteral("login")));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("logIn")), Qt::LeftButton);

        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        QCOMPARE(dialog.principal().username, QStringLiteral("maria"));
        QVERIFY(dialog.principal().hasRole(QStringLiteral("MANAGER")));

        LoginDialog next(environment.auth(), environment.tokens());
        QCOMPARE(next.findChild<QLineEdit *>(QStringLiteral("username"))->text(), QStringLiteral("maria"));
    }

    void aWrongPasswordIsShownNextToTheFields()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        QCOMPARE(environment.addUser(QStringLiteral("maria"), QStringLiteral("manager"), "correct-horse"), QString());

        LoginDialog dialog(environment.auth(), environment.tokens());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        typeCredentials(dialog, QStringLiteral("maria"), QStringLiteral("wrong-password"));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("logIn")), Qt::LeftButton);

        auto *error = dialog.findChild<QLabel *>(QStringLiteral("loginError"));
        QTRY_VERIFY_WITH_TIMEOUT(error->text().contains(QStringLiteral("wrong username or password")), 10000);
        QVERIFY(error->isVisible());
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("password"))->text().isEmpty());
        QVERIFY(GuiTestEnvironment::saveScreenshot(dialog, QStringLiteral("login-error")));
    }

    void aCashierLogsInWithoutTheManagerRole()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        QCOMPARE(environment.addUser(QStringLiteral("carl"), QStringLiteral("cashier"), "till-password"), QString());

        LoginDialog dialog(environment.auth(), environment.tokens());
        dialog.show();
        typeCredentials(dialog, QStringLiteral("carl"), QStringLiteral("till-password"));
        QTest::keyClick(dialog.findChild<QLineEdit *>(QStringLiteral("password")), Qt::Key_Return);

        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        QVERIFY(!dialog.principal().hasRole(QStringLiteral("MANAGER")));
    }
};

QTEST_MAIN(LoginDialogTest)
#include "tst_logindialog.moc"
