#include "guitestenvironment.h"
#include "orderfixtures.h"
#include "pos/nosaleservice.h"
#include "pos/returnservice.h"
#include "tillfixtures.h"
#include "ui/pos/managerauthorisationdialog.h"
#include "ui/pos/returndialog.h"
#include "ui/pos/tillprinter.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTimer>
#include <QtTest>

#include <functional>

using namespace shop;
using namespace testsupport;

namespace {

const TillActor kTill{QStringLiteral("till-1"), QStringLiteral("carol")};
const QByteArray kDrawerKick("\x1b\x70\x00", 3); // ESC p 0

// Runs with the modal dialog that opens next (exec() blocks the click), then
// makes sure it closes so a failing check cannot hang the test.
template<typename Dialog>
void whenDialogOpens(const std::function<void(Dialog &)> &handle)
{
    QTimer::singleShot(0, qApp, [handle] {
        auto *dialog = qobject_cast<Dialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        QTimer::singleShot(20000, dialog, &QDialog::reject);
        handle(*dialog);
    });
}

template<typename T>
T *child(QWidget &parent, const char *name)
{
    return parent.findChild<T *>(QString::fromLatin1(name));
}

void authorise(ManagerAuthorisationDialog &dialog, const QString &username, const QByteArray &password)
{
    child<QLineEdit>(dialog, "username")->setText(username);
    child<QLineEdit>(dialog, "password")->setText(QString::fromUtf8(password));
    dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
}

} // namespace

// The return screen against the real PostgreSQL: find a cash sale by its
// receipt number, return part of it (the drawer opens with the return
// slip), then more of it above the limit, which a cashier cannot authorise
// and a manager can; a sale returned in full is refused on screen; and the
// drawer opened without a sale by a manager.
class ReturnDialogTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GuiTestEnvironment> m_env;
    std::unique_ptr<OrderFixtures> m_orders;
    QTemporaryDir m_folder;

    QString text(const QString &sql) { return m_orders->scalar(sql).toString(); }

    QByteArray printed()
    {
        QFile file(m_folder.filePath(QStringLiteral("printer.bin")));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    ReceiptPrinterSetup printerSetup()
    {
        ReceiptPrinterSetup setup;
        setup.address = *PrinterAddress::parse(QStringLiteral("file:") + m_folder.filePath(QStringLiteral("printer.bin")));
        return setup;
    }

    void find(ReturnDialog &dialog, const QString &number)
    {
        auto *field = child<QLineEdit>(dialog, "saleNumber");
        field->setText(number);
        QTest::keyClick(field, Qt::Key_Return);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_env = std::make_unique<GuiTestEnvironment>();
        QVERIFY2(m_env->error().isEmpty(), qPrintable(m_env->error()));
        QCOMPARE(m_env->addUser(QStringLiteral("maria"), QStringLiteral("MANAGER"), "manager-pass"), QString());
        QCOMPARE(m_env->addUser(QStringLiteral("carol"), QStringLiteral("CASHIER"), "cashier-pass"), QString());
        m_orders = std::make_unique<OrderFixtures>(m_env->database());
    }

    void cleanupTestCase()
    {
        m_orders.reset();
        m_env.reset();
    }

    void aCashSaleIsReturnedInTwoStepsTheSecondAuthorised()
    {
        TillFixtures till(m_env->database());
        const QString shift = till.openShift(kTill.terminal, kTill.cashier);
        QVERIFY2(!shift.isEmpty(), qPrintable(till.lastError()));
        const FixtureOrder order = m_orders->addOrder(QStringLiteral("PAID"), QDateTime::currentDateTimeUtc());
        m_orders->scalar(QStringLiteral("UPDATE orders.payment_transactions SET payment_method = 'CASH' WHERE order_id = ?"),
                         {order.id});
        const qint64 receipt = till.recordSale(order.orderNumber, shift, QStringLiteral("CASH"));
        QVERIFY2(receipt > 0, qPrintable(till.lastError()));
        SystemClock clock;
        ReturnService returns(m_env->database(), m_env->auth(), m_env->tokens(), clock, Money::fromCents(2000));
        TillPrinter printer(printerSetup());
        ReturnDialog dialog(returns, kTill, QStringLiteral("Corner Shop"), printer);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        // Found by the receipt number: 2 coffees and a tea, nothing returned yet.
        find(dialog, QString::number(receipt));
        auto *items = child<QTableWidget>(dialog, "items");
        QTRY_COMPARE_WITH_TIMEOUT(items->rowCount(), 2, 10000);
        QCOMPARE(child<QLabel>(dialog, "saleInfo")->text(),
                 QStringLiteral("Order %1, receipt %2, paid in cash").arg(order.orderNumber).arg(receipt));
        QCOMPARE(items->item(0, 2)->text(), QStringLiteral("2"));
        QCOMPARE(items->item(0, 3)->text(), QStringLiteral("0"));
        QCOMPARE(items->item(0, 4)->text(), QStringLiteral("2"));
        auto *coffee = child<QSpinBox>(dialog, "return_COF-1");
        auto *tea = child<QSpinBox>(dialog, "return_TEA-1");
        QCOMPARE(coffee->maximum(), 2); // never more than was sold
        coffee->setValue(5);
        QCOMPARE(coffee->value(), 2);
        coffee->setValue(1);
        child<QLineEdit>(dialog, "reason")->setText(QStringLiteral("wrong roast"));
        QCOMPARE(child<QLabel>(dialog, "amount")->text(), QStringLiteral("Refund 19.99 in cash"));
        QVERIFY(GuiTestEnvironment::saveScreenshot(dialog, QStringLiteral("pos-return")));

        // 19.99 is within the limit: no manager; the drawer opens with the slip.
        child<QPushButton>(dialog, "refund")->click();
        auto *slip = child<QTextBrowser>(dialog, "returnSlip");
        QTRY_VERIFY_WITH_TIMEOUT(slip->isVisible(), 10000);
        QCOMPARE(child<QLabel>(dialog, "message")->text(), QStringLiteral("Give 19.99 back in cash from the drawer."));
        QVERIFY(slip->toPlainText().contains(QStringLiteral("REFUND: -19.99")));
        QTRY_VERIFY_WITH_TIMEOUT(printed().contains(kDrawerKick), 10000);
        QVERIFY(printed().contains("RETURN"));
        QCOMPARE(text(QStringLiteral("SELECT count(*) || ' ' || bool_and(authorised_by IS NULL)::text FROM pos.returns")),
                 QStringLiteral("1 true"));

        // Then the other coffee and the tea, 25.49: above the limit.
        find(dialog, order.orderNumber);
        QTRY_COMPARE_WITH_TIMEOUT(items->rowCount(), 2, 10000);
        QCOMPARE(items->item(0, 3)->text(), QStringLiteral("1"));
        coffee = child<QSpinBox>(dialog, "return_COF-1");
        tea = child<QSpinBox>(dialog, "return_TEA-1");
        QCOMPARE(coffee->maximum(), 1);
        coffee->setValue(1);
        tea->setValue(1);
        QCOMPARE(child<QLabel>(dialog, "amount")->text(), QStringLiteral("Refund 25.49 in cash (manager)"));
        bool wasPrompted = false;
        whenDialogOpens<ManagerAuthorisationDialog>([&](ManagerAuthorisationDialog &prompt) {
            wasPrompted = true;
            authorise(prompt, QStringLiteral("carol"), "cashier-pass");
            auto *error = child<QLabel>(prompt, "error");
            QTRY_COMPARE_WITH_TIMEOUT(error->text(), QStringLiteral("carol is not a manager: only a manager can authorise this."),
                                      10000);
            QVERIFY(prompt.isVisible());
            GuiTestEnvironment::saveScreenshot(prompt, QStringLiteral("pos-return-authorisation"));
            authorise(prompt, QStringLiteral("maria"), "manager-pass");
        });
        child<QPushButton>(dialog, "refund")->click();
        QVERIFY(wasPrompted);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(dialog, "message")->text(),
                                  QStringLiteral("Give 25.49 back in cash from the drawer."), 10000);
        QVERIFY(slip->toPlainText().contains(QStringLiteral("Authorised by: maria")));
        QCOMPARE(text(QStringLiteral("SELECT string_agg(coalesce(authorised_by, '-'), ',' ORDER BY recorded_at) FROM pos.returns")),
                 QStringLiteral("-,maria"));
        QCOMPARE(text(QStringLiteral("SELECT string_agg(kind, ',' ORDER BY id) FROM pos.journal")),
                 QStringLiteral("RETURN,AUTHORISATION_REFUSED,RETURN"));

        // Nothing is left: the screen says so and offers nothing.
        find(dialog, QString::number(receipt));
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(dialog, "message")->text(),
                                  QStringLiteral("Order %1 was returned in full already: nothing is left to return.")
                                      .arg(order.orderNumber),
                                  10000);
        QCOMPARE(items->rowCount(), 0);
        QVERIFY(!child<QPushButton>(dialog, "refund")->isEnabled());
    }

    void aManagerOpensTheDrawerWithoutASale()
    {
        NoSaleService noSale(m_env->database(), m_env->auth(), m_env->tokens());
        QFile::remove(m_folder.filePath(QStringLiteral("printer.bin")));
        TillPrinter printer(printerSetup());
        QWidget till;
        bool wasPrompted = false;
        whenDialogOpens<ManagerAuthorisationDialog>([&](ManagerAuthorisationDialog &prompt) {
            wasPrompted = true;
            child<QLineEdit>(prompt, "reason")->setText(QStringLiteral("change for the safe"));
            authorise(prompt, QStringLiteral("maria"), "manager-pass");
        });
        openDrawerWithoutSale(&till, noSale, kTill, printer);
        QVERIFY(wasPrompted);
        QTRY_VERIFY_WITH_TIMEOUT(printed().contains(kDrawerKick), 10000);
        QCOMPARE(text(QStringLiteral("SELECT kind || '/' || reason || '/' || authorised_by FROM pos.cash_movements")),
                 QStringLiteral("NO_SALE/change for the safe/maria"));
    }
};

QTEST_MAIN(ReturnDialogTest)
#include "tst_returndialog.moc"
