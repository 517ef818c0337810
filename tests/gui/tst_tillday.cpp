#include "cart/cartservice.h"
#include "checkout/checkoutservice.h"
#include "guitestenvironment.h"
#include "orderfixtures.h"
#include "ui/common/shiftreportdialog.h"
#include "ui/manager/tillview.h"
#include "ui/pos/poswindow.h"
#include "ui/pos/salelinemodel.h"
#include "ui/pos/shiftdialogs.h"
#include "ui/pos/shiftpanel.h"

#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace shop;

namespace {

const QString kTerminal = QStringLiteral("till-1");

template<typename Dialog>
Dialog *openDialog(QWidget &window)
{
    Dialog *dialog = nullptr;
    const bool isOpen =
        QTest::qWaitFor([&] { return (dialog = window.findChild<Dialog *>()) != nullptr && dialog->isVisible(); }, 10000);
    return isOpen ? dialog : nullptr;
}

// What the printer's connections sent so far.
QByteArray readPrinted(QTcpServer &printer)
{
    QByteArray bytes;
    while (printer.hasPendingConnections()) {
        QTcpSocket *connection = printer.nextPendingConnection();
        connection->setParent(&printer);
    }
    for (QTcpSocket *connection : printer.findChildren<QTcpSocket *>())
        bytes += connection->readAll();
    return bytes;
}

QString errorUnder(QWidget &dialog, const QString &field)
{
    auto *label = dialog.findChild<QLabel *>(field + QStringLiteral("Error"));
    return label && label->isVisible() ? label->text() : QString();
}

} // namespace

// The till's day on screen: a sale refused until a shift is open, the
// opening float, cash out, the close with its count and the Z-report with
// the difference; then the manager's list of closed shifts and the journal.
class TillDayTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void theTillsDayFromOpenToZReportAndTheManagersList()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        SystemClock clock;
        Metrics metrics;
        CartService cart(environment.database(), metrics, clock);
        CheckoutService checkout(environment.database(), metrics, clock);
        const Result<Category> category = environment.catalog().createCategory({QStringLiteral("Shop"), std::nullopt});
        QVERIFY(category);
        QVERIFY(environment.catalog().createProduct({QStringLiteral("MUG-WHITE"), QStringLiteral("Mug, white"),
                                                     std::nullopt, Money::fromCents(899), 40, category->id, true}));
        QTemporaryDir receipts;
        QTcpServer printer; // a network receipt printer, played by a local listener
        QVERIFY(printer.listen(QHostAddress::LocalHost));
        ReceiptPrinterSetup receiptPrinter;
        receiptPrinter.address = *PrinterAddress::parse(QStringLiteral("tcp:127.0.0.1:%1").arg(printer.serverPort()));
        PosWindow window({environment.catalog(), cart, checkout, environment.orders(), environment.shifts()},
                         {kTerminal, QStringLiteral("Corner Shop"), QStringLiteral("1 Main Street"), receipts.path()},
                         receiptPrinter);
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *state = window.findChild<QLabel *>(QStringLiteral("shiftState"));
        QTRY_VERIFY(state->text().contains(QStringLiteral("No shift open")));

        // given no shift is open, a sale is refused and the till offers to open one
        auto *sku = window.findChild<QLineEdit *>(QStringLiteral("sku"));
        QTest::keyClicks(sku, QStringLiteral("MUG-WHITE"));
        QTest::keyClick(sku, Qt::Key_Return);
        QTRY_COMPARE(window.lines().rowCount(), 1);
        window.findChild<QPushButton *>(QStringLiteral("payCard"))->click();
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("message"))->text(),
                 QStringLiteral("No shift is open on this till: open one (F9), then pay."));
        OpenShiftDialog *open = openDialog<OpenShiftDialog>(window);
        QVERIFY(open);
        testsupport::OrderFixtures fixtures(environment.database());
        QCOMPARE(fixtures.count(QStringLiteral("orders.orders")), 0); // nothing was placed

        // when a negative float is typed, the dialog says so under the field and opens nothing
        auto *openingFloat = open->findChild<QLineEdit *>(QStringLiteral("openingFloat"));
        openingFloat->setText(QStringLiteral("-5.00"));
        open->findChild<QPushButton *>(QStringLiteral("save"))->click();
        QTRY_COMPARE(errorUnder(*open, QStringLiteral("openingFloat")), QStringLiteral("must not be negative"));
        QVERIFY(!environment.shifts().openShift(kTerminal).value());
        QVERIFY(GuiTestEnvironment::saveScreenshot(*open, QStringLiteral("pos-shift-open")));

        // and with 100.00 counted the shift opens
        openingFloat->setText(QStringLiteral("100.00"));
        open->findChild<QPushButton *>(QStringLiteral("save"))->click();
        QTRY_VERIFY(window.shiftPanel().hasOpenShift());
        QVERIFY(state->text().contains(QStringLiteral("float 100.00")));
        QTRY_VERIFY(!window.findChild<OpenShiftDialog *>());

        // and two cash sales of the shift (paid orders recorded as the sale workflow does)
        for (const qint64 cents : {1200, 2550}) {
            const testsupport::FixtureOrder order = fixtures.addOrder(
                QStringLiteral("FULFILLED"), QDateTime::currentDateTimeUtc(), QStringLiteral("till@store.example"),
                {{QUuid::createUuid().toString(QUuid::WithoutBraces), QStringLiteral("MUG-WHITE"),
                  QStringLiteral("Mug"), 1, cents}});
            fixtures.scalar(QStringLiteral("UPDATE orders.payment_transactions SET payment_method = 'CASH' "
                                           "WHERE order_id = ? RETURNING 1"),
                            {order.id});
            QVERIFY(environment.shifts().recordSale({kTerminal, order.orderNumber, QStringLiteral("carl"), kTillCash,
                                                     Money::fromCents(cents), std::nullopt}));
        }

        // when 20.00 is taken out, a reason is required
        window.findChild<QPushButton *>(QStringLiteral("cashMovement"))->click();
        CashMovementDialog *cash = openDialog<CashMovementDialog>(window);
        QVERIFY(cash);
        cash->findChild<QLineEdit *>(QStringLiteral("amount"))->setText(QStringLiteral("20.00"));
        cash->findChild<QPushButton *>(QStringLiteral("save"))->click();
        QTRY_VERIFY(errorUnder(*cash, QStringLiteral("reason")).startsWith(QStringLiteral("must be 1 to 200")));
        cash->findChild<QLineEdit *>(QStringLiteral("reason"))->setText(QStringLiteral("bank drop"));
        cash->findChild<QPushButton *>(QStringLiteral("save"))->click();
        QTRY_VERIFY(!window.findChild<CashMovementDialog *>());

        // and the drawer is counted at 116.50 (100 + 12.00 + 25.50 - 20.00 = 117.50 expected)
        window.findChild<QPushButton *>(QStringLiteral("closeShift"))->click();
        CloseShiftDialog *close = openDialog<CloseShiftDialog>(window);
        QVERIFY(close);
        close->setCount(10000, 1);
        close->setCount(1000, 1);
        close->setCount(500, 1);
        close->setCount(100, 1);
        close->setCount(50, 1);
        QCOMPARE(close->findChild<QLabel *>(QStringLiteral("countedTotal"))->text(), QStringLiteral("Counted: 116.50"));
        QVERIFY(GuiTestEnvironment::saveScreenshot(*close, QStringLiteral("pos-shift-close")));
        close->findChild<QPushButton *>(QStringLiteral("save"))->click();

        // then the Z-report shows the shortfall, saved as PDF, and the till has no shift
        ShiftReportDialog *z = openDialog<ShiftReportDialog>(window);
        QVERIFY(z);
        const QString shown = z->findChild<QTextBrowser *>(QStringLiteral("report"))->toPlainText();
        for (const QString &expected :
             {QStringLiteral("Z-REPORT"), QStringLiteral("117.50"), QStringLiteral("116.50"),
              QStringLiteral("Difference (short)"), QStringLiteral("-1.00"), QStringLiteral("bank drop"),
              QStringLiteral("2 / 37.50")})
            QVERIFY2(shown.contains(expected), qPrintable(expected + QStringLiteral(" missing in: ") + shown));
        QVERIFY(QFileInfo(z->pdfPath()).size() > 1000);
        QVERIFY2(QFileInfo(z->pdfPath()).fileName().startsWith(QStringLiteral("z-report-till-1-")), qPrintable(z->pdfPath()));
        QVERIFY(!window.shiftPanel().hasOpenShift());
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("status"))->text().contains(QStringLiteral("difference -1.00")));
        QVERIFY(GuiTestEnvironment::saveScreenshot(*z, QStringLiteral("pos-z-report")));
        z->close();

        // and the receipt printer got the Z-report (the cash out opened the drawer before it)
        QByteArray printed;
        QTRY_VERIFY_WITH_TIMEOUT((printed += readPrinted(printer), printed.contains("Z-REPORT") && printed.contains("-1.00")),
                                 10000);

        // and the manager sees the closed shift with its difference, and the day's journal
        ManagerWindow manager(QString(), environment.managerServices(),
                              Principal{QStringLiteral("mona"), {QStringLiteral("MANAGER")}});
        manager.resize(1200, 800);
        manager.show();
        QVERIFY(QTest::qWaitForWindowExposed(&manager));
        QVERIFY(manager.tillView());
        manager.showScreen(manager.tillView());
        auto *shifts = manager.findChild<QTableWidget *>(QStringLiteral("closedShifts"));
        QTRY_COMPARE(shifts->rowCount(), 1);
        QCOMPARE(shifts->item(0, 0)->text(), kTerminal);
        QCOMPARE(shifts->item(0, 7)->text(), QStringLiteral("-1.00"));
        auto *journal = manager.findChild<QTableWidget *>(QStringLiteral("journal"));
        QTRY_COMPARE(journal->rowCount(), 5); // open, two sales, cash out, close
        QCOMPARE(journal->item(0, 3)->text(), QStringLiteral("SHIFT_OPEN"));
        QCOMPARE(journal->item(4, 3)->text(), QStringLiteral("SHIFT_CLOSE"));
        QVERIFY(GuiTestEnvironment::saveScreenshot(manager, QStringLiteral("manager-closed-shifts")));

        // and reprints its Z-report
        manager.findChild<QPushButton *>(QStringLiteral("reprintZ"))->click();
        ShiftReportDialog *reprint = openDialog<ShiftReportDialog>(manager);
        QVERIFY(reprint);
        QVERIFY(reprint->findChild<QTextBrowser *>(QStringLiteral("report"))->toPlainText().contains(QStringLiteral("-1.00")));

        // a read-only user has no till screen
        ManagerWindow readOnly(QString(), environment.managerServices(),
                               Principal{QStringLiteral("rita"), {QStringLiteral("CUSTOMER")}});
        QVERIFY(!readOnly.tillView());
    }
};

QTEST_MAIN(TillDayTest)
#include "tst_tillday.moc"
