#include "ui/common/moneyformat.h"
#include "ui/manager/dashboardview.h"
#include "guitestenvironment.h"
#include "ui/manager/managerwindow.h"
#include "orderfixtures.h"

#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

using namespace shop;
using testsupport::OrderFixtures;

namespace {

QString text(QWidget &window, const char *name)
{
    auto *label = window.findChild<QLabel *>(QString::fromLatin1(name));
    return label ? label->text() : QStringLiteral("(no label %1)").arg(QString::fromLatin1(name));
}

QStringList lowStockSkus(QWidget &window)
{
    auto *table = window.findChild<QTableWidget *>(QStringLiteral("lowStock"));
    QStringList skus;
    for (int row = 0; row < table->rowCount(); ++row)
        skus << table->item(row, 0)->text();
    return skus;
}

} // namespace

// The dashboard sums up today's orders and shows what runs low, by itself.
class DashboardTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void showsTodaysFiguresAndLowStock()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        // given today: a paid, a fulfilled (45.48 each), a failed and a
        // cancelled order; two days ago: a paid one, which is not today's
        OrderFixtures fixtures(environment.database());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const char *status : {"PAID", "FULFILLED", "FAILED", "CANCELLED"})
            QVERIFY2(!fixtures.addOrder(QString::fromLatin1(status), now).orderNumber.isEmpty(),
                     qPrintable(fixtures.lastError()));
        QVERIFY(!fixtures.addOrder(QStringLiteral("PAID"), now.addDays(-2)).orderNumber.isEmpty());
        // and products with 2 and 40 in stock, and an inactive one with none
        const Result<Category> mugs = environment.catalog().createCategory({QStringLiteral("Mugs"), std::nullopt});
        QVERIFY(mugs);
        QVERIFY(environment.catalog().createProduct(
            {QStringLiteral("MUG-LAST"), QStringLiteral("Mug, last two"), std::nullopt, Money::fromCents(899), 2, mugs->id, true}));
        QVERIFY(environment.catalog().createProduct(
            {QStringLiteral("MUG-PLENTY"), QStringLiteral("Mug, plenty"), std::nullopt, Money::fromCents(899), 40, mugs->id, true}));
        QVERIFY(environment.catalog().createProduct(
            {QStringLiteral("MUG-OLD"), QStringLiteral("Mug, retired"), std::nullopt, Money::fromCents(899), 0, mugs->id, false}));
        QSettings().setValue(QStringLiteral("dashboard/lowStockThreshold"), 5);

        ManagerWindow window(QString(), environment.managerServices(), Principal{QStringLiteral("maria"), {QStringLiteral("MANAGER")}});
        window.resize(1280, 760);
        window.dashboardView()->setRefreshInterval(200);
        window.showScreen(window.dashboardView());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QTRY_COMPARE_WITH_TIMEOUT(text(window, "ordersToday"), QStringLiteral("4"), 10000);
        QCOMPARE(text(window, "revenueToday"), formatMoney(Money::fromCents(9096)));
        QCOMPARE(text(window, "paymentsFailedToday"), QStringLiteral("1"));
        QCOMPARE(text(window, "statusCount_PAID"), QStringLiteral("2"));
        QCOMPARE(text(window, "statusCount_FULFILLED"), QStringLiteral("1"));
        QCOMPARE(text(window, "statusCount_FAILED"), QStringLiteral("1"));
        QCOMPARE(text(window, "statusCount_CANCELLED"), QStringLiteral("1"));
        QCOMPARE(text(window, "statusCount_PENDING"), QStringLiteral("0"));
        QTRY_COMPARE_WITH_TIMEOUT(lowStockSkus(window), QStringList{QStringLiteral("MUG-LAST")}, 10000);

        // when a new order is paid, the dashboard catches up by itself
        QVERIFY(!fixtures.addOrder(QStringLiteral("PAID"), QDateTime::currentDateTimeUtc()).orderNumber.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(text(window, "ordersToday"), QStringLiteral("5"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(text(window, "revenueToday"), formatMoney(Money::fromCents(13644)), 10000);

        // a higher threshold shows more products, and is remembered
        window.findChild<QSpinBox *>(QStringLiteral("lowStockThreshold"))->setValue(50);
        QTRY_COMPARE_WITH_TIMEOUT(lowStockSkus(window), (QStringList{QStringLiteral("MUG-LAST"), QStringLiteral("MUG-PLENTY")}),
                                  10000);
        QCOMPARE(QSettings().value(QStringLiteral("dashboard/lowStockThreshold")).toInt(), 50);
        window.findChild<QSpinBox *>(QStringLiteral("lowStockThreshold"))->setValue(5);
        QTRY_COMPARE_WITH_TIMEOUT(lowStockSkus(window), QStringList{QStringLiteral("MUG-LAST")}, 10000);
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("dashboard")));
    }
};

QTEST_MAIN(DashboardTest)
#include "tst_dashboard.moc"
