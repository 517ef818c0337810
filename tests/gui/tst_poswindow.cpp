#include "ui/common/backgroundtask.h"
#include "ui/common/moneyformat.h"
#include "auth/userservice.h"
#include "core/log.h"
#include "engine.h"
#include "guitestenvironment.h"
#include "ui/common/logindialog.h"
#include "ui/pos/poswindow.h"
#include "ui/pos/salelinemodel.h"
#include "ui/pos/shiftpanel.h"
#include "testdatabase.h"

#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QStandardPaths>
#include <QPushButton>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include <memory>

using namespace shop;

namespace {

constexpr int kPaymentTimeoutMs = 60000;

// The whole order pipeline in this process: checkout's outbox relay, the
// order daemon with its mock gateway, stock compensation; on a scratch
// database and a Kafka namespace of this test's own.
class PosPipeline
{
public:
    explicit PosPipeline(double successRate)
    {
        if (!m_scratch.error().isEmpty()) {
            m_error = m_scratch.error();
            return;
        }
        const QString kafka = QProcessEnvironment::systemEnvironment().value(QStringLiteral("SHOP_TEST_KAFKA_BOOTSTRAP"));
        if (kafka.isEmpty()) {
            m_error = QStringLiteral("SHOP_TEST_KAFKA_BOOTSTRAP is not set: run through tests/run");
            return;
        }
        Settings settings;
        settings.databaseUrl = testsupport::toUrl(m_scratch.url());
        settings.kafkaBootstrapServers = kafka;
        settings.kafkaNamespace = QStringLiteral("pos") + QUuid::createUuid().toString(QUuid::Id128).left(10);
        settings.jwtSecret = QByteArray("test-secret-of-at-least-32-bytes-long");
        settings.jwtIssuer = QStringLiteral("shop");
        settings.paymentTimeoutMs = 5000;
        settings.paymentMockSuccessRate = successRate;
        settings.paymentMockFailureMode = PaymentFailureMode::Decline;
        settings.shopName = QStringLiteral("Corner Shop");
        settings.shopAddress = QStringLiteral("1 Main Street, Springfield");
        settings.logLevel = LogLevel::Warning;
        log::setLevel(settings.logLevel);
        m_engine = std::make_unique<Engine>(settings, QStringLiteral("pos"));
        if (m_engine->migrate()) {
            m_error = QStringLiteral("migrations failed");
            return;
        }
        m_engine->startCatalogEvents();
        m_engine->startOrderProcessing();
    }
    ~PosPipeline()
    {
        shop::backgroundPool().waitForDone(); // the window's service calls end first
        if (m_engine)
            m_engine->stop();
    }
    PosPipeline(const PosPipeline &) = delete;
    PosPipeline &operator=(const PosPipeline &) = delete;

    const QString &error() const { return m_error; }
    PosServices &services() { return m_engine->posServices(); }
    DesktopServices &desktop() { return m_engine->desktopServices(); }
    QString addUser(const QString &username, const QString &role, const QByteArray &password)
    {
        const UserService::Result added = UserService(m_engine->database()).addUser(username, role, password);
        return added.outcome == UserService::Outcome::Created ? QString() : added.message;
    }
    PosStore store() const
    {
        return {QStringLiteral("till-1"), m_engine->settings().shopName, m_engine->settings().shopAddress,
                m_receipts.path(), std::chrono::milliseconds(kPaymentTimeoutMs)};
    }
    PosBackend backend()
    {
        PosServices &s = services();
        return {s.catalog, s.cart, s.checkout, s.orders, s.shifts};
    }

    Product addProduct(const QString &sku, const QString &name, qint64 cents, qint64 stock)
    {
        if (!m_category) {
            const Result<Category> created = services().catalog.createCategory({QStringLiteral("Shop"), std::nullopt});
            m_category = created ? created->id : QUuid();
        }
        const Result<Product> product = services().catalog.createProduct(
            {sku, name, std::nullopt, Money::fromCents(cents), stock, *m_category, true});
        return product ? product.value() : Product{};
    }

private:
    testsupport::ScratchDatabase m_scratch;
    QTemporaryDir m_receipts;
    std::unique_ptr<Engine> m_engine;
    std::optional<QUuid> m_category;
    QString m_error;
};

void scan(PosWindow &window, const QString &sku)
{
    auto *field = window.findChild<QLineEdit *>(QStringLiteral("sku"));
    QTest::keyClicks(field, sku);
    QTest::keyClick(field, Qt::Key_Return);
}

void logIn(LoginDialog &dialog, const QString &username, const QString &password)
{
    dialog.findChild<QLineEdit *>(QStringLiteral("username"))->setText(username);
    auto *passwordField = dialog.findChild<QLineEdit *>(QStringLiteral("password"));
    passwordField->setText(password);
    QTest::keyClick(passwordField, Qt::Key_Return);
}

QString message(PosWindow &window)
{
    return window.findChild<QLabel *>(QStringLiteral("message"))->text();
}

qint64 stockOf(CatalogService &catalog, const QUuid &id)
{
    const Result<Product> product = catalog.product(id);
    return product ? product->inventoryQuantity : -1;
}

} // namespace

// A cashier at the till: scans, pays cash or card through the real order
// pipeline, hands over the receipt.
class PosWindowTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aCashSaleEndsFulfilledWithAReceipt()
    {
        PosPipeline pipeline(1.0);
        QVERIFY2(pipeline.error().isEmpty(), qPrintable(pipeline.error()));
        const Product mug = pipeline.addProduct(QStringLiteral("MUG-WHITE"), QStringLiteral("Mug, white"), 899, 40);
        const Product shirt = pipeline.addProduct(QStringLiteral("TSHIRT-BLUE-L"), QStringLiteral("T-shirt, blue, L"), 1999, 7);
        QVERIFY(!mug.id.isNull() && !shirt.id.isNull());

        // a network receipt printer, played by a local listener
        QTcpServer printer;
        QVERIFY(printer.listen(QHostAddress::LocalHost));
        ReceiptPrinterSetup receiptPrinter;
        receiptPrinter.address = *PrinterAddress::parse(QStringLiteral("tcp:127.0.0.1:%1").arg(printer.serverPort()));
        QVERIFY(pipeline.services().shifts.open(QStringLiteral("till-1"), QStringLiteral("carl"), Money::fromCents(10000)));
        PosWindow window(pipeline.backend(), pipeline.store(), receiptPrinter);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(window.shiftPanel().hasOpenShift());

        // given two items scanned, one twice, and a typo
        scan(window, QStringLiteral("MUG-WHITE"));
        QTRY_COMPARE(window.lines().rowCount(), 1);
        scan(window, QStringLiteral("MUG-WHITE"));
        QTRY_COMPARE(window.lines().lines().first().quantity, 2);
        scan(window, QStringLiteral("NO-SUCH-SKU"));
        QTRY_VERIFY(message(window).contains(QStringLiteral("Unknown SKU NO-SUCH-SKU")));
        scan(window, QStringLiteral("TSHIRT-BLUE-L"));
        QTRY_COMPARE(window.lines().rowCount(), 2);
        QCOMPARE(window.lines().total(), Money::fromCents(2 * 899 + 1999));
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("total"))->text(), QStringLiteral("Total %1").arg(formatMoney(Money::fromCents(3797))));
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("pos-sale")));

        // when paid in cash with 50.00 tendered
        auto *tendered = window.findChild<QLineEdit *>(QStringLiteral("tendered"));
        tendered->setText(QStringLiteral("50"));
        QTest::keyClick(tendered, Qt::Key_Return);

        // then the order is PAID, fulfilled in store, and the receipt says so
        // the sale buttons come back when the payment is settled, either way
        auto *payCash = window.findChild<QPushButton *>(QStringLiteral("payCash"));
        QTRY_VERIFY_WITH_TIMEOUT(window.lastReceipt() || payCash->isEnabled(), kPaymentTimeoutMs + 5000);
        QVERIFY2(window.lastReceipt().has_value(), qPrintable(message(window)));
        const QString number = window.lastReceipt()->orderNumber;
        const Result<Order> order = pipeline.services().orders.getByNumber(number);
        QVERIFY(order);
        QCOMPARE(order->status, OrderStatus::Fulfilled);
        QCOMPARE(order->paymentStatus, PaymentStatus::Success);
        QCOMPARE(order->paymentMethod.value_or(QString()), kPaymentMethodCash);
        QCOMPARE(order->carrier.value_or(QString()), QStringLiteral("IN_STORE"));
        QCOMPARE(order->subtotal, Money::fromCents(3797));
        bool wasPaid = false;
        for (const OrderStatusChange &change : order->history)
            wasPaid = wasPaid || change.to == OrderStatus::Paid;
        QVERIFY(wasPaid);

        const QString shown = window.findChild<QTextBrowser *>(QStringLiteral("receipt"))->toPlainText();
        for (const QString &expected : {number, QStringLiteral("Corner Shop"), QStringLiteral("1 Main Street, Springfield"),
                                        QStringLiteral("37.97"), QStringLiteral("50.00"), QStringLiteral("12.03"),
                                        QStringLiteral("Cash")})
            QVERIFY2(shown.contains(expected), qPrintable(expected + QStringLiteral(" missing in: ") + shown));
        // and the sale is in the shift under the receipt number the receipt shows
        QVERIFY(window.lastReceipt()->receiptNumber);
        QVERIFY(shown.contains(QStringLiteral("Receipt %1").arg(*window.lastReceipt()->receiptNumber)));
        const Result<ShiftReport> x = pipeline.services().shifts.xReport(QStringLiteral("till-1"), QStringLiteral("carl"));
        QVERIFY(x);
        QCOMPARE(x->cashSales.count, 1);
        QCOMPARE(x->cashSales.amount, Money::fromCents(3797));
        QCOMPARE(x->firstReceipt, window.lastReceipt()->receiptNumber);
        QCOMPARE(x->expectedCash, Money::fromCents(10000 + 3797));
        QVERIFY(!window.lastReceiptPath().isEmpty());
        QVERIFY(QFileInfo(window.lastReceiptPath()).size() > 1000);
        // The PDF itself, read back by poppler (packaging/local/deps installs poppler-utils).
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        QVERIFY2(!pdftotext.isEmpty(), "pdftotext missing: run packaging/local/deps");
        QProcess process;
        process.start(pdftotext, {window.lastReceiptPath(), QStringLiteral("-")});
        QVERIFY(process.waitForFinished(10000));
        const QString text = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(text.contains(number) && text.contains(QStringLiteral("37.97")), qPrintable(text));

        // and the receipt printer got the receipt, opening the drawer for the cash
        QTRY_VERIFY_WITH_TIMEOUT(printer.hasPendingConnections(), 10000);
        QTcpSocket *connection = printer.nextPendingConnection();
        QByteArray printed;
        QTRY_VERIFY_WITH_TIMEOUT((printed += connection->readAll(), printed.endsWith(QByteArray("\x1D" "V\x42\x00", 4))),
                                 10000);
        const QByteArray drawerKick("\x1B" "p\x00\x19\xFA", 5);
        QVERIFY(printed.startsWith(QByteArray(QByteArray("\x1B@\x1Bt\x13", 5) + drawerKick)));
        QVERIFY(printed.contains(QByteArray("{B" + number.toLatin1()))); // the barcode a return scans
        QVERIFY(printed.contains("Tendered"));
        auto *status = window.findChild<QLabel *>(QStringLiteral("status"));
        QTRY_COMPARE(status->text(), QStringLiteral("Printed the receipt of %1.").arg(number));
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("pos-receipt")));
    }

    void aDeclinedCardShowsTheReasonAndTheStockComesBack()
    {
        PosPipeline pipeline(0.0);
        QVERIFY2(pipeline.error().isEmpty(), qPrintable(pipeline.error()));
        const Product mug = pipeline.addProduct(QStringLiteral("MUG-WHITE"), QStringLiteral("Mug, white"), 899, 40);
        QVERIFY(!mug.id.isNull());
        QVERIFY(pipeline.services().shifts.open(QStringLiteral("till-1"), QStringLiteral("carl"), Money::fromCents(0)));
        PosWindow window(pipeline.backend(), pipeline.store());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(window.shiftPanel().hasOpenShift());
        // without a receipt printer the till works and says so
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("status"))->text().contains(QStringLiteral("No receipt printer")));
        QVERIFY(!window.openCashDrawer());

        scan(window, QStringLiteral("MUG-WHITE"));
        scan(window, QStringLiteral("MUG-WHITE"));
        QTRY_COMPARE(window.lines().rowCount(), 1);
        QTRY_COMPARE(window.lines().lines().first().quantity, 2);
        window.findChild<QPushButton *>(QStringLiteral("payCard"))->click();

        QTRY_VERIFY_WITH_TIMEOUT(message(window).contains(QStringLiteral("card declined")), kPaymentTimeoutMs + 5000);
        QVERIFY(message(window).startsWith(QStringLiteral("Payment failed")));
        QVERIFY(!window.lastReceipt());
        QCOMPARE(window.lines().rowCount(), 1); // the cashier can take cash instead
        QTRY_COMPARE_WITH_TIMEOUT(stockOf(pipeline.services().catalog, mug.id), qint64(40), 30000);
        // and a declined sale is no sale of the shift
        const Result<ShiftReport> x = pipeline.services().shifts.xReport(QStringLiteral("till-1"), QStringLiteral("carl"));
        QVERIFY(x);
        QCOMPARE(x->cardSales.count, 0);
        QVERIFY(!x->firstReceipt);
    }

    void theTillSellsAsWhoLoggedInAndLocksWhenIdle()
    {
        PosPipeline pipeline(1.0);
        QVERIFY2(pipeline.error().isEmpty(), qPrintable(pipeline.error()));
        QCOMPARE(pipeline.addUser(QStringLiteral("mia"), QStringLiteral("manager"), "manager-password"), QString());
        QCOMPARE(pipeline.addUser(QStringLiteral("cora"), QStringLiteral("customer"), "customer-password"), QString());
        DesktopServices &desktop = pipeline.desktop();

        // given carl logged in at a till that locks after 300 ms without use
        PosWindow window(pipeline.backend(), pipeline.store());
        window.requireCashier(desktop.auth, desktop.tokens, Principal{QStringLiteral("carl"), {QStringLiteral("CASHIER")}},
                              std::chrono::milliseconds(300));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *cashier = window.findChild<QLabel *>(QStringLiteral("cashier"));
        QCOMPARE(cashier->text(), QStringLiteral("Cashier: carl"));

        // when nobody touches it, it locks and asks for a login
        QTRY_VERIFY_WITH_TIMEOUT(window.isLocked(), 10000);
        LoginDialog *login = nullptr;
        QTRY_VERIFY((login = window.findChild<LoginDialog *>(QStringLiteral("tillLogin"))) && login->isVisible());
        QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("payCash"))->isEnabled()); // F2 sells nothing now
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("pos-locked")));

        // then a customer's account cannot open it
        logIn(*login, QStringLiteral("cora"), QStringLiteral("customer-password"));
        auto *error = login->findChild<QLabel *>(QStringLiteral("loginError"));
        QTRY_VERIFY_WITH_TIMEOUT(error->text().contains(QStringLiteral("may not use")), 10000);
        QVERIFY(window.isLocked());

        // and a manager can, and sells on as the cashier
        logIn(*login, QStringLiteral("mia"), QStringLiteral("manager-password"));
        QTRY_VERIFY_WITH_TIMEOUT(!window.isLocked(), 10000);
        QCOMPARE(cashier->text(), QStringLiteral("Cashier: mia"));
        QCOMPARE(window.cashier(), QStringLiteral("mia"));
    }
};

QTEST_MAIN(PosWindowTest)
#include "tst_poswindow.moc"
