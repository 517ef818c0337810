#include "guitestenvironment.h"
#include "reportfixtures.h"
#include "ui/manager/dashboardview.h"
#include "ui/manager/managerwindow.h"
#include "ui/manager/reportsview.h"

#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace shop;
using testsupport::FixtureItem;
using testsupport::FixtureOrder;
using testsupport::ReportFixtures;

namespace {

constexpr int kDays = 28;

FixtureItem line(const FixtureItem &product, int quantity)
{
    FixtureItem item = product;
    item.quantity = quantity;
    return item;
}

// Four weeks of a small shop's orders, the same every run: busy middays and
// evenings, a fifth from the till, some failed, cancelled or given back, and
// today and the same weekday a week before for the dashboard. Answers the
// revenue the report must show for the four weeks.
Money addFourWeeks(ReportFixtures &fixtures, QDate today)
{
    const QList<FixtureItem> products{
        fixtures.addProduct(QStringLiteral("Coffee"), QStringLiteral("COF-ESP"), QStringLiteral("Espresso beans"), 1999),
        fixtures.addProduct(QStringLiteral("Coffee"), QStringLiteral("COF-FIL"), QStringLiteral("Filter blend"), 1450),
        fixtures.addProduct(QStringLiteral("Tea"), QStringLiteral("TEA-GRN"), QStringLiteral("Green tea"), 550),
        fixtures.addProduct(QStringLiteral("Tea"), QStringLiteral("TEA-EGR"), QStringLiteral("Earl Grey"), 625),
        fixtures.addProduct(QStringLiteral("Mugs"), QStringLiteral("MUG-WHT"), QStringLiteral("White mug"), 899),
        fixtures.addProduct(QStringLiteral("Mugs"), QStringLiteral("MUG-TRV"), QStringLiteral("Travel mug"), 2450),
        fixtures.addProduct(QStringLiteral("Brewing"), QStringLiteral("BRW-PRS"), QStringLiteral("French press"), 3200),
        fixtures.addProduct(QStringLiteral("Brewing"), QStringLiteral("BRW-FLT"), QStringLiteral("Paper filters"), 375),
    };
    const QList<int> hours{8, 9, 11, 12, 12, 13, 15, 17, 18, 18, 19, 20};
    Money revenue;
    int n = 0;
    for (int day = kDays - 1; day >= 0; --day) {
        const QDate date = today.addDays(-day);
        const int orders = 4 + (day * 7) % 6 + (date.dayOfWeek() >= 6 ? 3 : 0);
        for (int i = 0; i < orders; ++i, ++n) {
            const QList<FixtureItem> items{line(products.at(n % 8), 1 + n % 3),
                                           line(products.at((n * 5 + 3) % 8), 1)};
            const QString status = n % 11 == 3 ? QStringLiteral("FAILED")
                : n % 13 == 5                  ? QStringLiteral("CANCELLED")
                : n % 3 == 0                   ? QStringLiteral("FULFILLED")
                                               : QStringLiteral("PAID");
            const QString till = n % 5 == 1 ? QStringLiteral("CASH") : n % 5 == 2 ? QStringLiteral("CARD") : QString();
            const QDateTime at = fixtures.at(date, QTime(hours.at((n * 7 + day * 3) % hours.size()), (n * 17) % 60));
            const FixtureOrder order = fixtures.addOrder(status, at, items, till);
            if (order.orderNumber.isEmpty())
                qFatal("fixture order: %s", qPrintable(fixtures.lastError()));
            if (status == u"FAILED" || status == u"CANCELLED")
                continue;
            revenue = revenue + Money::fromCents(order.subtotalCents);
            if (n % 9 == 4) { // the first line brought back
                if (!fixtures.addRefund(order, QStringLiteral("RETURN"), {{0, 1}}, QStringLiteral("SUCCEEDED"),
                                        at.addSecs(3600)))
                    qFatal("fixture refund: %s", qPrintable(fixtures.lastError()));
                revenue = revenue + Money::fromCents(-order.items.at(0).priceCents);
            }
        }
    }
    return revenue;
}

} // namespace

// The Reports tab computes its charts off the GUI thread, refuses a period
// too long for hours next to the field, and exports; the dashboard draws
// today by hour against a week before.
class ReportsScreenTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void showsChartsExportsAndRefusesTooLongPeriods()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        ReportFixtures fixtures(environment.database(), QTimeZone::systemTimeZone());
        const QDate today = QDate::currentDate();
        const Money revenue = addFourWeeks(fixtures, today);

        ManagerWindow window(QString(), environment.managerServices(),
                             Principal{QStringLiteral("maria"), {QStringLiteral("MANAGER")}});
        window.resize(1280, 820);
        ReportsView *reports = window.reportsView();
        window.showScreen(reports);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // (the tab computes the last 30 days when it is first shown)
        // an hourly report over more than a year is refused next to the field
        reports->setPeriod(today.addDays(-ReportService::kMaxHourDays), today, ReportGranularity::Hour);
        window.findChild<QPushButton *>(QStringLiteral("showReport"))->click();
        auto *toError = window.findChild<QLabel *>(QStringLiteral("toError"));
        QVERIFY2(toError->isVisible(), qPrintable(toError->text() + reports->findChild<QDateEdit *>(QStringLiteral("reportFrom"))->date().toString()));
        QVERIFY2(toError->text().contains(QStringLiteral("at most 366 days")), qPrintable(toError->text()));

        // four weeks by day: the revenue the orders add up to, one row a day
        // (a report still on its way for the first 30 days is not shown)
        QSignalSpy shown(reports, &ReportsView::reportShown);
        reports->setPeriod(today.addDays(1 - kDays), today, ReportGranularity::Day);
        window.findChild<QPushButton *>(QStringLiteral("showReport"))->click();
        QVERIFY(shown.wait(20000));
        QVERIFY(!toError->isVisible());
        const QString summary = window.findChild<QLabel *>(QStringLiteral("reportSummary"))->text();
        QVERIFY2(summary.contains(QStringLiteral("revenue %1 ").arg(revenue.toDecimalString())), qPrintable(summary));
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("reportSummary"))->toolTip().contains(QStringLiteral("subtotal minus")));
        QCOMPARE(window.findChild<QTableWidget *>(QStringLiteral("reportTable0"))->rowCount(), kDays);
        QVERIFY(window.findChild<QChartView *>(QStringLiteral("reportChart0_0"))->chart()->series().size() == 2);
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("reports-revenue-over-time")));

        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString csvPath = folder.filePath(QStringLiteral("over-time.csv"));
        QCOMPARE(reports->exportCsv(csvPath), QString());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.first(), QByteArray("Period start,Orders,Paid orders,Revenue\r"));
        QCOMPARE(lines.size(), kDays + 2); // header, the days, and the empty rest after the last CRLF
        QVERIFY(lines.at(kDays).startsWith(QByteArray(today.toString(Qt::ISODate).toLatin1() + ',')));

        reports->showPage(ReportsView::Page::Categories);
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("reports-by-category")));
        QCOMPARE(window.findChild<QTableWidget *>(QStringLiteral("reportTable1"))->rowCount(), 4);
        reports->showPage(ReportsView::Page::TopByRevenue);
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("reports-top-products")));
        reports->showPage(ReportsView::Page::Payments);
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("reports-payments-and-channels")));
        reports->showPage(ReportsView::Page::PaymentProblems);
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("reports-failed-and-refunded")));

        // beside the screenshots, for a look at what a manager gets
        const QString pdfPath = QStringLiteral(SHOP_SCREENSHOT_DIR "/reports-payments-and-channels.pdf");
        reports->showPage(ReportsView::Page::Payments);
        QCOMPARE(reports->exportPdf(pdfPath), QString());
        QFile pdf(pdfPath);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        QVERIFY(pdf.size() > 10000); // the chart's image is in it
        QVERIFY(!reports->exportCsv(folder.filePath(QStringLiteral("no/such/folder/x.csv"))).isEmpty());

        // the dashboard: today by hour beside the same weekday a week before
        QSignalSpy refreshed(window.dashboardView(), &DashboardView::refreshed);
        window.showScreen(window.dashboardView());
        window.dashboardView()->refresh();
        QVERIFY(refreshed.wait(20000));
        auto *hourly = window.findChild<QChartView *>(QStringLiteral("hourlyRevenueChart"));
        QVERIFY(hourly->chart());
        QCOMPARE(hourly->chart()->series().size(), 2); // today and a week before
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("dashboard-today-by-hour")));
    }
};

QTEST_MAIN(ReportsScreenTest)
#include "tst_reportsscreen.moc"
