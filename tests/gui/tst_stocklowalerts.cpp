#include "guitestenvironment.h"
#include "ui/manager/dashboardview.h"
#include "ui/manager/managerwindow.h"
#include "ui/manager/productdialog.h"
#include "ui/manager/stocklownotice.h"
#include "ui/manager/stocklowwatcher.h"

#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace shop;

namespace {

Result<Product> adjustBy(CatalogService &catalog, const Product &product, qint64 delta)
{
    const Result<Product> current = catalog.product(product.id);
    if (!current)
        return current.error();
    StockAdjustment adjustment;
    adjustment.delta = delta;
    adjustment.reason = QStringLiteral("breakage");
    adjustment.adjustedBy = QStringLiteral("anna");
    adjustment.expectedVersion = current->version;
    return catalog.adjustStock(product.id, adjustment);
}

} // namespace

// New StockLow events reach the manager window by themselves: a notice over
// the screens and a badge with their count on the Dashboard tab and its
// low-stock list, until the manager dismisses them.
class StockLowAlertsGuiTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void newAlertsShowANoticeAndABadge()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        CatalogService &catalog = environment.catalog();
        const Result<Category> mugs = catalog.createCategory({QStringLiteral("Mugs"), std::nullopt});
        QVERIFY(mugs);
        // One at the default level (5), one with a level of its own (10).
        const Result<Product> mug = catalog.createProduct({QStringLiteral("MUG-BLUE"), QStringLiteral("Mug, blue"),
                                                           std::nullopt, Money::fromCents(899), 7, mugs->id, true});
        const Result<Product> tea = catalog.createProduct({QStringLiteral("TEA-GREEN"), QStringLiteral("Green tea"),
                                                           std::nullopt, Money::fromCents(450), 12, mugs->id, true,
                                                           10});
        QVERIFY(mug && tea);

        ManagerWindow window(QString(), environment.managerServices(), Principal{QStringLiteral("anna"), {QStringLiteral("MANAGER")}});
        QSignalSpy looks(window.stockLowWatcher(), &StockLowWatcher::looked);
        window.stockLowWatcher()->setLookInterval(100);
        window.dashboardView()->setRefreshInterval(200);
        window.showScreen(window.dashboardView());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(looks.count() >= 1, 10000); // the first look: only the clock
        auto *notice = window.findChild<StockLowNotice *>(QStringLiteral("stockLowNotice"));
        auto *badge = window.findChild<QLabel *>(QStringLiteral("lowStockBadge"));
        QVERIFY(notice && badge);
        QVERIFY(!notice->isVisible());
        QVERIFY(!badge->isVisible());

        QVERIFY(adjustBy(catalog, mug.value(), -4)); // 7 -> 3: crosses 5
        QVERIFY(adjustBy(catalog, tea.value(), -3)); // 12 -> 9: crosses its own 10

        QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(badge->text(), QStringLiteral("2"), 10000);
        QVERIFY(badge->isVisible());
        const QString text = window.findChild<QLabel *>(QStringLiteral("stockLowNoticeText"))->text();
        QVERIFY2(text.contains(QStringLiteral("MUG-BLUE")) && text.contains(QStringLiteral("TEA-GREEN")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("reorder level 10")), qPrintable(text));
        auto *group = window.findChild<QGroupBox *>(QStringLiteral("lowStockGroup"));
        QVERIFY2(group->title().contains(QStringLiteral("2 new alerts")), qPrintable(group->title()));

        // A sale further below the level is no new crossing: the count stays.
        QVERIFY(adjustBy(catalog, mug.value(), -1)); // 3 -> 2
        const qsizetype seen = looks.count();
        QTRY_VERIFY_WITH_TIMEOUT(looks.count() >= seen + 3, 10000);
        QCOMPARE(badge->text(), QStringLiteral("2"));
        QTest::qWait(300); // the dashboard's own refresh shows the new stock
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("low-stock-alert")));

        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("dismissLowStock")), Qt::LeftButton);
        QVERIFY(!notice->isVisible());
        QVERIFY(!badge->isVisible());
        QCOMPARE(group->title(), QStringLiteral("Low stock"));
    }

    // The product dialog sets a level of the product's own, and takes it
    // back to the shop's default (the spin box's lowest value).
    void theProductDialogSetsAndClearsTheReorderLevel()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        CatalogService &catalog = environment.catalog();
        const Result<Category> mugs = catalog.createCategory({QStringLiteral("Mugs"), std::nullopt});
        QVERIFY(mugs);
        const Result<Product> mug = catalog.createProduct({QStringLiteral("MUG-RED"), QStringLiteral("Mug, red"),
                                                           std::nullopt, Money::fromCents(899), 30, mugs->id, true});
        QVERIFY(mug);

        for (const int level : {12, -1}) {
            ProductDialog dialog(catalog, {mugs.value()}, catalog.product(mug->id).value());
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            auto *spin = dialog.findChild<QSpinBox *>(QStringLiteral("reorderLevel"));
            QCOMPARE(spin->specialValueText(), QStringLiteral("shop default (5)"));
            spin->setValue(level);
            QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("save")), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
            const std::optional<qint64> expected = level < 0 ? std::nullopt : std::optional<qint64>(level);
            QCOMPARE(catalog.product(mug->id)->reorderLevel, expected);
        }
    }

    void theBadgeCountIsBounded()
    {
        QCOMPARE(StockLowNotice::badgeText(0), QString());
        QCOMPARE(StockLowNotice::badgeText(7), QStringLiteral("7"));
        QCOMPARE(StockLowNotice::badgeText(100), QStringLiteral("99+"));
        // The notice names the latest few products, not all of them.
        StockLowNotice notice;
        QList<StockLowEvent> many(StockLowNotice::kProductsNamed + 3);
        for (qsizetype i = 0; i < many.size(); ++i)
            many[i].sku = QStringLiteral("SKU-%1").arg(i);
        notice.addAlerts(many);
        QCOMPARE(notice.unseenCount(), StockLowNotice::kProductsNamed + 3);
        const QString text = notice.findChild<QLabel *>(QStringLiteral("stockLowNoticeText"))->text();
        QCOMPARE(text.count(QStringLiteral("SKU-")), StockLowNotice::kProductsNamed);
        QVERIFY2(text.contains(QStringLiteral("3 more")), qPrintable(text));
    }
};

QTEST_MAIN(StockLowAlertsGuiTest)
#include "tst_stocklowalerts.moc"
