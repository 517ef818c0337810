#include "core/clock.h"
#include "core/metrics.h"
#include "db/database.h"
#include "db/migrationrunner.h"
#include "orders/orderservice.h"
#include "reportfixtures.h"
#include "reports/reportservice.h"
#include "reports/reporttables.h"
#include "testclock.h"
#include "testdatabase.h"

#include <QtTest>

#include <memory>

using namespace shop;
using testsupport::FixtureItem;
using testsupport::FixtureOrder;
using testsupport::ReportFixtures;

namespace {

const QByteArray kZone = QByteArrayLiteral("Europe/Berlin");
const QDate kMonday(2026, 1, 12); // the period is Monday to Wednesday, 12-14 January (UTC+1)

FixtureItem item(const FixtureItem &product, int quantity)
{
    FixtureItem line = product;
    line.quantity = quantity;
    return line;
}

QString cents(const Money &money)
{
    return money.toDecimalString();
}

} // namespace

// Every report figure, to the cent, over orders with known totals: paid,
// failed, cancelled, partially and fully refunded, web and till, in three
// categories, over several days and hours, with orders just outside the
// period; and the revenue agrees with the order list.
class SalesReportsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_scratch.error().isEmpty(), qPrintable(m_scratch.error()));
        m_database = std::make_unique<Database>(m_scratch.url());
        const MigrationResult migrated = MigrationRunner(*m_database).run();
        QVERIFY2(migrated.outcome == MigrationResult::Outcome::Applied, qPrintable(migrated.error));
        // today is the Wednesday, noon in Berlin
        m_clock.advance(m_clock.now().secsTo(QDateTime(kMonday.addDays(2), QTime(12, 0), QTimeZone(kZone))));
        m_reports = std::make_unique<ReportService>(*m_database, m_clock);
        m_orderService = std::make_unique<OrderService>(*m_database, m_metrics, m_clock);
        addOrders();
    }

    void salesOverTimeByDay()
    {
        const Result<SalesReport> report = m_reports->salesReport(period(ReportGranularity::Day));
        QVERIFY2(report, qPrintable(report ? QString() : report.error().detail));
        const QList<SalesBucket> &days = report->overTime;
        QCOMPARE(days.size(), 3);
        QCOMPARE(days.at(0).start, QDateTime(kMonday, QTime(0, 0), QTimeZone(kZone)));
        QCOMPARE(days.at(2).start.date(), kMonday.addDays(2));
        // Monday: paid A; failed B and unpaid cancelled C count as orders only
        QCOMPARE(days.at(0).orders, 3);
        QCOMPARE(days.at(0).paidOrders, 1);
        QCOMPARE(cents(days.at(0).revenue), QStringLiteral("45.48"));
        // Tuesday: till sale D 26.97, and E 30.99 less its returned tea 5.50
        QCOMPARE(days.at(1).orders, 2);
        QCOMPARE(days.at(1).paidOrders, 2);
        QCOMPARE(cents(days.at(1).revenue), QStringLiteral("52.46"));
        // Wednesday: F (00:30 in Berlin, still Tuesday in UTC) refunded in
        // full; G 14.49 with a refund still requested
        QCOMPARE(days.at(2).orders, 2);
        QCOMPARE(days.at(2).paidOrders, 2);
        QCOMPARE(cents(days.at(2).revenue), QStringLiteral("14.49"));
        QCOMPARE(report->orders(), 7);
        QCOMPARE(report->paidOrders(), 5);
        QCOMPARE(cents(report->revenue()), QStringLiteral("112.43"));
    }

    void salesOverTimeByHourAndWeek()
    {
        ReportPeriod tuesday = period(ReportGranularity::Hour);
        tuesday.first = tuesday.last = kMonday.addDays(1);
        const Result<SalesReport> hours = m_reports->salesReport(tuesday);
        QVERIFY(hours);
        QCOMPARE(hours->overTime.size(), 24);
        for (int hour = 0; hour < 24; ++hour) {
            const SalesBucket &bucket = hours->overTime.at(hour);
            QCOMPARE(bucket.start.time().hour(), hour);
            const QString expected = hour == 10 ? QStringLiteral("26.97")
                : hour == 23                    ? QStringLiteral("25.49")
                                                : QStringLiteral("0.00");
            QCOMPARE(cents(bucket.revenue), expected);
            QCOMPARE(bucket.orders, (hour == 10 || hour == 23) ? 1 : 0);
        }

        const Result<SalesReport> weeks = m_reports->salesReport(period(ReportGranularity::Week));
        QVERIFY(weeks);
        QCOMPARE(weeks->overTime.size(), 1);
        QCOMPARE(weeks->overTime.at(0).start.date(), kMonday);
        QCOMPARE(weeks->overTime.at(0).orders, 7);
        QCOMPARE(cents(weeks->overTime.at(0).revenue), QStringLiteral("112.43"));
    }

    void salesByCategoryAndProduct()
    {
        const Result<SalesReport> report = m_reports->salesReport(period(ReportGranularity::Day));
        QVERIFY(report);
        QCOMPARE(report->byCategory.size(), 3);
        QCOMPARE(report->byCategory.at(0).category, QStringLiteral("Coffee"));
        QCOMPARE(report->byCategory.at(0).units, 3); // A 2, E 1; F's cancelled
        QCOMPARE(cents(report->byCategory.at(0).revenue), QStringLiteral("59.97"));
        QCOMPARE(report->byCategory.at(1).category, QStringLiteral("Mugs"));
        QCOMPARE(report->byCategory.at(1).units, 4);
        QCOMPARE(cents(report->byCategory.at(1).revenue), QStringLiteral("35.96"));
        QCOMPARE(report->byCategory.at(2).category, QStringLiteral("Tea, loose"));
        QCOMPARE(report->byCategory.at(2).units, 3); // A 1, E 2 less 1 returned, G 1
        QCOMPARE(cents(report->byCategory.at(2).revenue), QStringLiteral("16.50"));
        Money categories;
        for (const CategorySales &category : report->byCategory)
            categories = categories + category.revenue;
        QCOMPARE(categories, report->revenue());

        const QStringList byRevenue{report->topByRevenue.at(0).sku, report->topByRevenue.at(1).sku,
                                    report->topByRevenue.at(2).sku};
        QCOMPARE(byRevenue, (QStringList{QStringLiteral("COF-1"), QStringLiteral("MUG-1"), QStringLiteral("TEA-1")}));
        QCOMPARE(report->topByRevenue.size(), 3);
        QCOMPARE(cents(report->topByRevenue.at(0).revenue), QStringLiteral("59.97"));
        QCOMPARE(report->topByRevenue.at(0).name, QStringLiteral("Espresso beans"));
        const QStringList byUnits{report->topByUnits.at(0).sku, report->topByUnits.at(1).sku,
                                  report->topByUnits.at(2).sku};
        QCOMPARE(byUnits, (QStringList{QStringLiteral("MUG-1"), QStringLiteral("COF-1"), QStringLiteral("TEA-1")}));
        QCOMPARE(report->topByUnits.at(0).units, 4);
    }

    void paymentMethodsAndChannels()
    {
        const Result<SalesReport> report = m_reports->salesReport(period(ReportGranularity::Day));
        QVERIFY(report);
        QStringList mix;
        for (const PaymentMix &row : report->paymentMix)
            mix << QStringLiteral("%1 %2 %3 %4").arg(row.channel, row.paymentMethod).arg(row.paidOrders).arg(cents(row.revenue));
        QCOMPARE(mix, (QStringList{QStringLiteral("POS CARD 1 0.00"), QStringLiteral("POS CASH 1 26.97"),
                                   QStringLiteral("WEB MOCK 3 85.46")}));
        const QList<PaymentMix> channels = report->byChannel();
        QCOMPARE(channels.size(), 2);
        QCOMPARE(channels.at(0).channel, QStringLiteral("POS"));
        QCOMPARE(channels.at(0).paidOrders, 2);
        QCOMPARE(cents(channels.at(0).revenue), QStringLiteral("26.97"));
        QCOMPARE(cents(channels.at(1).revenue), QStringLiteral("85.46"));
        QCOMPARE(report->byPaymentMethod().size(), 3);
    }

    void failedAndRefundedPaymentsWhenTheyHappened()
    {
        const Result<SalesReport> report = m_reports->salesReport(period(ReportGranularity::Day));
        QVERIFY(report);
        const QList<PaymentProblemsBucket> &days = report->paymentProblems;
        QCOMPARE(days.size(), 3);
        QCOMPARE(days.at(0).failedPayments, 1);
        QCOMPARE(cents(days.at(0).failedAmount), QStringLiteral("45.48"));
        QCOMPARE(days.at(0).refunds, 0);
        QCOMPARE(days.at(1).failedPayments, 0);
        QCOMPARE(days.at(1).refunds, 0);
        // E's return and F's cancellation paid back on Wednesday; G's still requested
        QCOMPARE(days.at(2).refunds, 2);
        QCOMPARE(cents(days.at(2).refundedAmount), QStringLiteral("25.49"));
    }

    void revenueAgreesWithTheOrderList()
    {
        const Result<SalesReport> report = m_reports->salesReport(period(ReportGranularity::Day));
        QVERIFY(report);
        OrderFilter filter;
        filter.startDate = QDateTime(kMonday, QTime(0, 0), QTimeZone(kZone));
        filter.endDate = QDateTime(kMonday.addDays(3), QTime(0, 0), QTimeZone(kZone)).addMSecs(-1);
        const Result<OrderPage> listed = m_orderService->list(filter, 0, 100);
        QVERIFY(listed);
        QCOMPARE(listed->totalElements, report->orders());
        Money kept;
        for (const Order &summary : listed->items) {
            if (summary.paymentStatus == PaymentStatus::Pending || summary.paymentStatus == PaymentStatus::Failed)
                continue;
            const Result<Order> order = m_orderService->getByNumber(summary.orderNumber);
            QVERIFY(order);
            kept = kept + order->subtotal;
            for (const Refund &refund : order->refunds) {
                if (refund.status == RefundStatus::Succeeded)
                    kept = kept + Money::fromCents(-refund.amount.cents());
            }
        }
        QCOMPARE(cents(kept), cents(report->revenue()));
    }

    void dashboardComparesTodayWithAWeekBefore()
    {
        const Result<HourlyComparison> comparison = m_reports->todayByHour(kZone);
        QVERIFY(comparison);
        QCOMPARE(comparison->day, kMonday.addDays(2));
        QCOMPARE(comparison->hours.size(), 24);
        QCOMPARE(comparison->weekBefore.size(), 24);
        QCOMPARE(comparison->hours.at(0).orders, 1);
        QCOMPARE(cents(comparison->hours.at(8).revenue), QStringLiteral("14.49"));
        QCOMPARE(cents(comparison->weekBefore.at(8).revenue), QStringLiteral("45.48"));
        QCOMPARE(comparison->weekBefore.at(9).orders, 0);
    }

    void csvHoldsTheReportsRows()
    {
        const Result<SalesReport> report = m_reports->salesReport(period(ReportGranularity::Day));
        QVERIFY(report);
        QCOMPARE(reporttables::toCsv(reporttables::salesByCategory(report.value())),
                 QByteArray("Category,Units,Revenue\r\n"
                            "Coffee,3,59.97\r\n"
                            "Mugs,4,35.96\r\n"
                            "\"Tea, loose\",3,16.50\r\n"));
        QCOMPARE(reporttables::toCsv(reporttables::salesOverTime(report.value())),
                 QByteArray("Period start,Orders,Paid orders,Revenue\r\n"
                            "2026-01-12,3,1,45.48\r\n"
                            "2026-01-13,2,2,52.46\r\n"
                            "2026-01-14,2,2,14.49\r\n"));
        const QByteArray products = reporttables::toCsv(reporttables::topProductsByUnits(report.value()));
        QVERIFY2(products.startsWith("Rank,SKU,Product,Units,Revenue\r\n1,MUG-1,Mug,4,35.96\r\n"), products.constData());
        const ReportTable quoted{QString(), {QStringLiteral("a\"b"), QStringLiteral("line\nbreak")}, {}};
        QCOMPARE(reporttables::toCsv(quoted), QByteArray("\"a\"\"b\",\"line\nbreak\"\r\n"));
    }

    void periodsTooLongForTheirGranularityAreRefused()
    {
        ReportPeriod hours = period(ReportGranularity::Hour);
        hours.last = hours.first.addDays(ReportService::kMaxHourDays - 1);
        QVERIFY(ReportService::validate(hours).isEmpty());
        hours.last = hours.last.addDays(1);
        const Result<SalesReport> refused = m_reports->salesReport(hours);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ServiceError::Kind::Validation);
        QCOMPARE(refused.error().fields.size(), 1);
        QCOMPARE(refused.error().fields.at(0).field, QStringLiteral("to"));
        QVERIFY2(refused.error().fields.at(0).message.contains(QStringLiteral("at most 366 days")),
                 qPrintable(refused.error().fields.at(0).message));

        ReportPeriod days = period(ReportGranularity::Day);
        days.last = days.first.addDays(ReportService::kMaxDays - 1);
        QVERIFY(ReportService::validate(days).isEmpty());
        days.last = days.last.addDays(1);
        QCOMPARE(ReportService::validate(days).size(), 1);

        ReportPeriod backwards = period(ReportGranularity::Day);
        backwards.last = backwards.first.addDays(-1);
        QCOMPARE(ReportService::validate(backwards).at(0).field, QStringLiteral("to"));
        ReportPeriod nowhere = period(ReportGranularity::Day);
        nowhere.timeZone = QByteArrayLiteral("Mars/Olympus_Mons");
        QCOMPARE(ReportService::validate(nowhere).at(0).field, QStringLiteral("timeZone"));
    }

private:
    static ReportPeriod period(ReportGranularity granularity)
    {
        return {kMonday, kMonday.addDays(2), granularity, kZone};
    }

    void addOrders()
    {
        ReportFixtures fixtures(*m_database, QTimeZone(kZone));
        const FixtureItem coffee = fixtures.addProduct(QStringLiteral("Coffee"), QStringLiteral("COF-1"),
                                                       QStringLiteral("Espresso beans"), 1999);
        const FixtureItem tea = fixtures.addProduct(QStringLiteral("Tea, loose"), QStringLiteral("TEA-1"),
                                                    QStringLiteral("Green tea"), 550);
        const FixtureItem mug = fixtures.addProduct(QStringLiteral("Mugs"), QStringLiteral("MUG-1"),
                                                    QStringLiteral("Mug"), 899);
        const QDate tuesday = kMonday.addDays(1);
        const QDate wednesday = kMonday.addDays(2);
        auto add = [&](const QString &status, QDate day, QTime time, const QList<FixtureItem> &items,
                       const QString &till = QString()) {
            const FixtureOrder order = fixtures.addOrder(status, fixtures.at(day, time), items, till);
            if (order.orderNumber.isEmpty())
                qFatal("fixture order: %s", qPrintable(fixtures.lastError()));
            return order;
        };
        auto refund = [&](const FixtureOrder &order, const QString &kind, const QList<std::pair<int, int>> &lines,
                          const QString &status, const QDateTime &at) {
            if (!fixtures.addRefund(order, kind, lines, status, at))
                qFatal("fixture refund: %s", qPrintable(fixtures.lastError()));
        };
        const QList<FixtureItem> standard{item(coffee, 2), item(tea, 1)}; // 45.48
        // just outside the period: Sunday 23:50 and Thursday 00:10 in Berlin
        add(QStringLiteral("PAID"), kMonday.addDays(-1), QTime(23, 50), standard);
        add(QStringLiteral("PAID"), kMonday.addDays(3), QTime(0, 10), standard);
        // a week before Wednesday, for the dashboard
        add(QStringLiteral("PAID"), kMonday.addDays(-5), QTime(8, 20), standard);
        // A, B, C on Monday
        add(QStringLiteral("PAID"), kMonday, QTime(9, 15), standard);
        add(QStringLiteral("FAILED"), kMonday, QTime(9, 40), standard);
        add(QStringLiteral("CANCELLED"), kMonday, QTime(14, 5), standard);
        // D: a cash sale at the till; E: 30.99, one tea returned on Wednesday
        add(QStringLiteral("PAID"), tuesday, QTime(10, 30), {item(mug, 3)}, QStringLiteral("CASH"));
        const FixtureOrder e = add(QStringLiteral("FULFILLED"), tuesday, QTime(23, 30), {item(coffee, 1), item(tea, 2)});
        refund(e, QStringLiteral("RETURN"), {{1, 1}}, QStringLiteral("SUCCEEDED"), fixtures.at(wednesday, QTime(11, 0)));
        // F: a card sale at the till, cancelled and refunded in full
        const FixtureOrder f = add(QStringLiteral("PAID"), wednesday, QTime(0, 30), {item(coffee, 1)}, QStringLiteral("CARD"));
        refund(f, QStringLiteral("CANCELLATION"), {{0, 1}}, QStringLiteral("SUCCEEDED"),
               fixtures.at(wednesday, QTime(12, 0)));
        // G: 14.49, a return asked for but not paid back yet, and one that failed
        const FixtureOrder g = add(QStringLiteral("PAID"), wednesday, QTime(8, 0), {item(tea, 1), item(mug, 1)});
        refund(g, QStringLiteral("RETURN"), {{1, 1}}, QStringLiteral("REQUESTED"), fixtures.at(wednesday, QTime(9, 0)));
    }

    testsupport::ScratchDatabase m_scratch;
    testsupport::TestClock m_clock;
    Metrics m_metrics;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<ReportService> m_reports;
    std::unique_ptr<OrderService> m_orderService;
};

QTEST_GUILESS_MAIN(SalesReportsTest)
#include "tst_salesreports.moc"
