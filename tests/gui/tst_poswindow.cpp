#include "core/log.h"
#include "engine.h"
#include "guitestenvironment.h"
#include "ui/pos/poswindow.h"
#include "ui/pos/salelinemodel.h"
#include "testdatabase.h"

#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QStandardPaths>
#include <QPushButton>
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
        QThreadPool::globalInstance()->waitForDone(); // the window's service calls end first
        if (m_engine)
            m_engine->stop();
    }
    PosPipeline(const PosPipeline &) = delete;
    PosPipeline &operator=(const PosPipeline &) = delete;

    const QString &error() const { return m_error; }
    PosServices &services() { return m_engine->posServices(); }
    PosStore store() const
    {
        return {QStringLiteral("till-1"), m_engine->settings().shopName, m_engine->settings().shopAddress,
                m_receipts.path(), std::chrono::milliseconds(kPaymentTimeoutMs)};
    }
    PosBackend backend()
    {
        PosServices &s = services();
        return {s.catalog, s.cart, s.checkout, s.orders};
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

        PosWindow window(pipeline.backend(), pipeline.store());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

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
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("total"))->text(), QStringLiteral("Total 37.97"));
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
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("pos-receipt")));
    }

    void aDeclinedCardShowsTheReasonAndTheStockComesBack()
    {
        PosPipeline pipeline(0.0);
        QVERIFY2(pipeline.error().isEmpty(), qPrintable(pipeline.error()));
        const Product mug = pipeline.addProduct(QStringLiteral("MUG-WHITE"), QStringLiteral("Mug, white"), 899, 40);
        QVERIFY(!mug.id.isNull());
        PosWindow window(pipeline.backend(), pipeline.store());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

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
    }
};

QTEST_MAIN(PosWindowTest)
#include "tst_poswindow.moc"
