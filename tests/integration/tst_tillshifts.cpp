#include "cart/cartservice.h"
#include "checkout/checkoutservice.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "db/database.h"
#include "orderfixtures.h"
#include "orders/orderservice.h"
#include "pos/escposshiftreport.h"
#include "pos/saleservices.h"
#include "pos/saleworkflow.h"
#include "pos/shiftservice.h"
#include "migrateddatabase.h"

#include <QtTest>

#include <memory>

using namespace shop;
using testsupport::FixtureItem;
using testsupport::FixtureOrder;
using testsupport::OrderFixtures;
using testsupport::MigratedScratchDatabase;

namespace {

const QString kTerminal = QStringLiteral("till-7");
const QString kCashier = QStringLiteral("carl");
const QString kManager = QStringLiteral("mona");

Money cents(qint64 amount)
{
    return Money::fromCents(amount);
}

} // namespace

// The till's day over the real PostgreSQL: shifts, their cash and sales, the
// X- and Z-reports summed from the orders, payments and refunds themselves,
// and the journal.
class TillShiftsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MigratedScratchDatabase> m_scratch;
    Database *m_database = nullptr; // m_scratch's
    std::unique_ptr<ShiftService> m_shifts;
    std::unique_ptr<OrderFixtures> m_orders;

    // A paid and fulfilled till order of one line, paid by method (the
    // payment row says CASH for cash, the gateway's MOCK for a card).
    FixtureOrder paidOrder(qint64 priceCents, int quantity, bool isCash)
    {
        const FixtureOrder order = m_orders->addOrder(
            QStringLiteral("FULFILLED"), QDateTime::currentDateTimeUtc(), QStringLiteral("till@store.example"),
            {FixtureItem{QUuid::createUuid().toString(QUuid::WithoutBraces), QStringLiteral("MUG-1"),
                         QStringLiteral("Mug"), quantity, priceCents}});
        if (isCash)
            m_orders->scalar(QStringLiteral("UPDATE orders.payment_transactions SET payment_method = 'CASH' "
                                            "WHERE order_id = ? RETURNING 1"),
                             {order.id});
        return order;
    }

    qint64 sell(const FixtureOrder &order, bool isCash, std::optional<Money> tendered = std::nullopt)
    {
        const Result<RecordedSale> sale = m_shifts->recordSale(
            {kTerminal, order.orderNumber, kCashier, isCash ? kTillCash : kTillCard, cents(order.subtotalCents),
             tendered});
        return sale ? sale->receiptNumber : -1;
    }

    // A partial return of order, paid back in cash at once (the returns
    // service's work, played here): the RETURN refund with its items, and
    // the pos.returns row that puts it in the terminal's open shift.
    bool returnOne(const FixtureOrder &order, qint64 amountCents)
    {
        const QString refundId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QVariant added = m_orders->scalar(
            QStringLiteral("INSERT INTO orders.refunds (id, order_id, payment_id, kind, amount_cents, status, reason, "
                           "requested_by, external_refund_id, completed_at) "
                           "SELECT ?, o.id, p.id, 'RETURN', ?, 'SUCCEEDED', 'broken handle', ?, 'cash', now() "
                           "FROM orders.orders o JOIN orders.payment_transactions p ON p.order_id = o.id "
                           "WHERE o.id = ? RETURNING 1"),
            {refundId, amountCents, kCashier, order.id});
        const QVariant items = m_orders->scalar(
            QStringLiteral("INSERT INTO orders.refund_items (refund_id, order_item_id, quantity) "
                           "SELECT ?, id, 1 FROM orders.order_items WHERE order_id = ? RETURNING 1"),
            {refundId, order.id});
        const QVariant returned = m_orders->scalar(
            QStringLiteral("INSERT INTO pos.returns (refund_id, shift_id, cashier) "
                           "SELECT ?, s.id, ? FROM pos.shifts s WHERE s.terminal = ? "
                           "AND NOT EXISTS (SELECT 1 FROM pos.shift_closes c WHERE c.shift_id = s.id) RETURNING 1"),
            {refundId, kCashier, kTerminal});
        return added.isValid() && items.isValid() && returned.isValid();
    }

    qint64 rows(const QString &table) { return m_orders->count(table); }

    QStringList journalKinds()
    {
        QStringList kinds;
        QSqlQuery query(m_database->connection());
        query.exec(QStringLiteral("SELECT kind FROM pos.journal WHERE terminal = 'till-7' ORDER BY id"));
        while (query.next())
            kinds.append(query.value(0).toString());
        return kinds;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_scratch = std::make_unique<MigratedScratchDatabase>();
        QVERIFY2(m_scratch->error().isEmpty(), qPrintable(m_scratch->error()));
        m_database = &m_scratch->database();
        m_shifts = std::make_unique<ShiftService>(*m_database);
        m_orders = std::make_unique<OrderFixtures>(*m_database);
    }

    void init()
    {
        // Each case starts with a terminal of no shifts (TRUNCATE is what the append-only trigger allows).
        QSqlQuery query(m_database->connection());
        QVERIFY2(query.exec(QStringLiteral("TRUNCATE pos.journal, pos.returns, pos.sales, pos.cash_movements, "
                                           "pos.shift_closes, pos.shifts, pos.terminals")),
                 qPrintable(query.lastError().text()));
    }

    void zReportSumsTheShiftsSalesReturnsAndCash()
    {
        // given a shift opened with a float of 100.00
        const Result<Shift> opened = m_shifts->open(kTerminal, kCashier, cents(10000));
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().detail));
        QVERIFY(opened->isOpen());
        QCOMPARE(opened->openingFloat, cents(10000));

        // and three cash sales (12.00, 2 x 9.50, 7.25) and one card sale (30.00)
        const FixtureOrder first = paidOrder(1200, 1, true);
        const FixtureOrder second = paidOrder(950, 2, true);
        const FixtureOrder third = paidOrder(725, 1, true);
        const FixtureOrder card = paidOrder(3000, 1, false);
        QVERIFY2(!card.orderNumber.isEmpty(), qPrintable(m_orders->lastError()));
        const qint64 firstReceipt = sell(first, true, cents(2000));
        QVERIFY(firstReceipt > 0);
        QVERIFY(sell(second, true, cents(1900)) > firstReceipt);
        QVERIFY(sell(third, true, cents(1000)) > firstReceipt);
        const qint64 lastReceipt = sell(card, false);
        QVERIFY(lastReceipt > firstReceipt);

        // and one of the two mugs of the second sale brought back for 9.50 in cash
        QVERIFY2(returnOne(second, 950), qPrintable(m_orders->lastError()));

        // and 20.00 taken to the bank
        const Result<CashMovement> out =
            m_shifts->recordCash(kTerminal, kCashier, kCashOut, cents(2000), QStringLiteral("bank drop"));
        QVERIFY2(out, qPrintable(out ? QString() : out.error().detail));

        // then mid-shift the X-report expects 100.00 + 38.25 - 9.50 - 20.00 in the drawer
        const Result<ShiftReport> x = m_shifts->xReport(kTerminal, kCashier);
        QVERIFY(x);
        QVERIFY(!x->isZ());
        QCOMPARE(x->expectedCash, cents(10875));

        // when the drawer is counted per denomination at 107.75: 1.00 short
        CashCount count;
        count.denominations = {{5000, 2}, {500, 1}, {200, 1}, {50, 1}, {25, 1}};
        const Result<ShiftReport> z = m_shifts->close(kTerminal, kManager, count);
        QVERIFY2(z, qPrintable(z ? QString() : z.error().detail));

        // then the Z-report has exactly these figures
        QVERIFY(z->isZ());
        QCOMPARE(z->cashSales.count, 3);
        QCOMPARE(z->cashSales.amount, cents(1200 + 1900 + 725));
        QCOMPARE(z->cardSales.count, 1);
        QCOMPARE(z->cardSales.amount, cents(3000));
        QCOMPARE(z->cashReturns.count, 1);
        QCOMPARE(z->cashReturns.amount, cents(950));
        QCOMPARE(z->cardReturns.count, 0);
        QCOMPARE(z->cashOut, cents(2000));
        QCOMPARE(z->cashIn, cents(0));
        QCOMPARE(z->movements.size(), 1);
        QCOMPARE(z->movements.first().reason, QStringLiteral("bank drop"));
        QCOMPARE(z->expectedCash, cents(10875));
        QCOMPARE(z->shift.close->counted, cents(10775));
        QCOMPARE(z->shift.close->difference, cents(-100));
        QCOMPARE(z->shift.close->closedBy, kManager);
        QCOMPARE(z->firstReceipt, std::optional<qint64>(firstReceipt));
        QCOMPARE(z->lastReceipt, std::optional<qint64>(lastReceipt));

        // and the close is frozen: a reprint shows the same, the terminal has no open shift
        const Result<ShiftReport> again = m_shifts->zReport(z->shift.id, kManager);
        QVERIFY(again);
        QCOMPARE(again->expectedCash, cents(10875));
        QCOMPARE(again->shift.close->difference, cents(-100));
        QCOMPARE(again->shift.close->denominations.value(5000), 2);
        QVERIFY(!m_shifts->openShift(kTerminal).value());

        // and the printout says so
        const QByteArray printed = escPosShiftReport(again.value(), QStringLiteral("Corner Shop"), {});
        QVERIFY(printed.contains("Z-REPORT"));
        QVERIFY(printed.contains("108.75"));
        QVERIFY(printed.contains("-1.00"));

        // and the journal tells the day in order
        QCOMPARE(journalKinds(), (QStringList{QStringLiteral("SHIFT_OPEN"), QStringLiteral("SALE"),
                                              QStringLiteral("SALE"), QStringLiteral("SALE"), QStringLiteral("SALE"),
                                              QStringLiteral("CASH_OUT"), QStringLiteral("X_REPORT"),
                                              QStringLiteral("SHIFT_CLOSE"), QStringLiteral("Z_REPORT")}));
        // and the manager's list has the closed shift
        const Result<ShiftPage> closed = m_shifts->closedShifts(0, 10);
        QVERIFY(closed);
        QCOMPARE(closed->total, 1);
        QCOMPARE(closed->items.first().close->difference, cents(-100));
    }

    void aSaleIsRecordedOnceWithOneReceiptNumber()
    {
        QVERIFY(m_shifts->open(kTerminal, kCashier, cents(0)));
        const FixtureOrder order = paidOrder(500, 1, true);
        const qint64 receipt = sell(order, true, cents(500));
        QVERIFY(receipt > 0);
        // the till asks again for the same paid order (paying again after a lost answer)
        QCOMPARE(sell(order, true, cents(500)), receipt);
        QCOMPARE(rows(QStringLiteral("pos.sales")), 1);
        QCOMPARE(journalKinds().count(QStringLiteral("SALE")), 1);
    }

    void theTillRefusesASaleWithoutAnOpenShift()
    {
        // given a till over the engine's own services and no open shift
        Metrics metrics;
        SystemClock clock;
        CartService cart(*m_database, metrics, clock);
        CheckoutService checkout(*m_database, metrics, clock);
        OrderService orders(*m_database, metrics, clock);
        EngineSaleServices services(cart, checkout, orders, *m_shifts);
        SaleWorkflow sale(services, clock, {kTerminal, QStringLiteral("Corner Shop"), QString(), QString()});
        QList<SaleOutcome> outcomes;
        connect(&sale, &SaleWorkflow::finished, this, [&outcomes](const SaleOutcome &outcome) { outcomes.append(outcome); });
        const qint64 ordersBefore = rows(QStringLiteral("orders.orders"));

        // when a sale is paid
        sale.start(QStringLiteral("sale-1"),
                   {SaleLine{QUuid::createUuid(), QStringLiteral("MUG-1"), QStringLiteral("Mug"), cents(500), 3, 1}},
                   kPaymentMethodCash, {kCashier, cents(500)});

        // then it is refused with a clear reason and nothing was placed or recorded
        QCOMPARE(outcomes.size(), 1);
        QCOMPARE(outcomes.first().kind, SaleOutcome::Kind::NoOpenShift);
        QCOMPARE(outcomes.first().reason,
                 QStringLiteral("No shift is open on terminal till-7: open a shift before selling."));
        QCOMPARE(rows(QStringLiteral("orders.orders")), ordersBefore);
        QCOMPARE(rows(QStringLiteral("catalog.carts")), 0);

        // and the record of a paid sale is refused too
        const Result<RecordedSale> recorded = m_shifts->recordSale(
            {kTerminal, paidOrder(500, 1, true).orderNumber, kCashier, kTillCash, cents(500), std::nullopt});
        QVERIFY(!recorded);
        QCOMPARE(recorded.error().kind, ServiceError::Kind::Conflict);
        QCOMPARE(rows(QStringLiteral("pos.sales")), 0);
        QCOMPARE(rows(QStringLiteral("pos.journal")), 0);
    }

    void aSecondShiftOnTheSameTerminalIsRefused()
    {
        QVERIFY(m_shifts->open(kTerminal, kCashier, cents(5000)));
        const Result<Shift> second = m_shifts->open(kTerminal, kManager, cents(5000));
        QVERIFY(!second);
        QCOMPARE(second.error().kind, ServiceError::Kind::Conflict);
        QVERIFY(second.error().detail.contains(QStringLiteral("already has a shift open")));
        QCOMPARE(rows(QStringLiteral("pos.shifts")), 1);
        // another terminal opens its own
        QVERIFY(m_shifts->open(QStringLiteral("till-8"), kManager, cents(5000)));
        QCOMPARE(rows(QStringLiteral("pos.shifts")), 2);
    }

    void badInputIsRefusedAndChangesNothing_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("negative float") << QStringLiteral("openingFloat");
        QTest::newRow("float above the bound") << QStringLiteral("openingFloat");
        QTest::newRow("no terminal") << QStringLiteral("terminal");
        QTest::newRow("empty reason") << QStringLiteral("reason");
        QTest::newRow("reason too long") << QStringLiteral("reason");
        QTest::newRow("zero amount") << QStringLiteral("amount");
        QTest::newRow("unknown kind") << QStringLiteral("kind");
        QTest::newRow("more out than the drawer holds") << QStringLiteral("amount");
        QTest::newRow("negative count") << QStringLiteral("counted");
        QTest::newRow("total and denominations") << QStringLiteral("counted");
        QTest::newRow("negative denomination count") << QStringLiteral("denominations");
        QTest::newRow("journal page too big") << QStringLiteral("limit");
        QTest::newRow("closed shift page too big") << QStringLiteral("limit");
    }

    void badInputIsRefusedAndChangesNothing()
    {
        QFETCH(QString, field);
        QVERIFY(m_shifts->open(kTerminal, kCashier, cents(5000)));
        const QStringList tables{QStringLiteral("pos.shifts"), QStringLiteral("pos.shift_closes"),
                                 QStringLiteral("pos.cash_movements"), QStringLiteral("pos.journal")};
        QList<qint64> before;
        for (const QString &table : tables)
            before.append(rows(table));

        const QString row = QString::fromLatin1(QTest::currentDataTag());
        std::optional<ServiceError> error;
        auto keep = [&error](const auto &result) {
            if (!result)
                error = result.error();
        };
        CashCount negative;
        negative.total = cents(-1);
        CashCount both;
        both.total = cents(100);
        both.denominations = {{100, 1}};
        CashCount badCount;
        badCount.denominations = {{100, -2}};
        if (row == u"negative float")
            keep(m_shifts->open(QStringLiteral("till-9"), kCashier, cents(-1)));
        else if (row == u"float above the bound")
            keep(m_shifts->open(QStringLiteral("till-9"), kCashier, cents(ShiftService::kMaxCashCents + 1)));
        else if (row == u"no terminal")
            keep(m_shifts->open(QString(), kCashier, cents(100)));
        else if (row == u"empty reason")
            keep(m_shifts->recordCash(kTerminal, kCashier, kCashIn, cents(100), QStringLiteral("   ")));
        else if (row == u"reason too long")
            keep(m_shifts->recordCash(kTerminal, kCashier, kCashIn, cents(100), QString(201, u'x')));
        else if (row == u"zero amount")
            keep(m_shifts->recordCash(kTerminal, kCashier, kCashOut, cents(0), QStringLiteral("paid-out")));
        else if (row == u"unknown kind")
            keep(m_shifts->recordCash(kTerminal, kCashier, QStringLiteral("NO_SALE"), cents(100), QStringLiteral("x")));
        else if (row == u"more out than the drawer holds")
            keep(m_shifts->recordCash(kTerminal, kCashier, kCashOut, cents(5001), QStringLiteral("bank drop")));
        else if (row == u"negative count")
            keep(m_shifts->close(kTerminal, kCashier, negative));
        else if (row == u"total and denominations")
            keep(m_shifts->close(kTerminal, kCashier, both));
        else if (row == u"negative denomination count")
            keep(m_shifts->close(kTerminal, kCashier, badCount));
        else if (row == u"journal page too big")
            keep(m_shifts->journal(QDate::currentDate(), 0, TillJournal::kMaxPageSize + 1));
        else if (row == u"closed shift page too big")
            keep(m_shifts->closedShifts(0, ShiftService::kMaxClosedShiftsPage + 1));

        QVERIFY(error);
        QCOMPARE(error->kind, ServiceError::Kind::Validation);
        QCOMPARE(error->fields.size(), 1);
        QCOMPARE(error->fields.first().field, field);
        for (qsizetype i = 0; i < tables.size(); ++i)
            QCOMPARE(rows(tables.at(i)), before.at(i));
        QVERIFY(m_shifts->openShift(kTerminal).value()); // still open
    }

    void aReportListsAtMostItsBoundOfMovementsButSumsThemAll()
    {
        QVERIFY(m_shifts->open(kTerminal, kCashier, cents(0)));
        const int movements = ShiftRepository::kMaxReportMovements + 1;
        for (int i = 0; i < movements; ++i)
            QVERIFY(m_shifts->recordCash(kTerminal, kCashier, kCashIn, cents(100), QStringLiteral("change %1").arg(i)));
        const Result<ShiftReport> x = m_shifts->xReport(kTerminal, kCashier);
        QVERIFY(x);
        QCOMPARE(x->movements.size(), ShiftRepository::kMaxReportMovements);
        QCOMPARE(x->movements.first().reason, QStringLiteral("change 0"));
        QCOMPARE(x->movementCount, movements);
        QCOMPARE(x->cashIn, cents(100 * movements));
        QCOMPARE(x->expectedCash, cents(100 * movements));
    }

    void theJournalIsAppendOnlyAndListedAPageAtATime()
    {
        // given a day with a login, a shift, cash in and a logout
        QVERIFY(m_shifts->recordSession(kTerminal, kCashier, true));
        QVERIFY(m_shifts->open(kTerminal, kCashier, cents(5000)));
        QVERIFY(m_shifts->recordCash(kTerminal, kCashier, kCashIn, cents(1000), QStringLiteral("change drop")));
        QVERIFY(m_shifts->recordSession(kTerminal, kCashier, false));

        // then pages of two walk through it in order, and the last says there is no more
        const Result<JournalPage> first = m_shifts->journal(QDate::currentDate(), 0, 2);
        QVERIFY(first);
        QCOMPARE(first->items.size(), 2);
        QCOMPARE(first->items.at(0).kind, QStringLiteral("LOGIN"));
        QVERIFY(!first->items.at(0).shiftId); // no shift was open yet
        QCOMPARE(first->items.at(1).kind, QStringLiteral("SHIFT_OPEN"));
        QCOMPARE(first->items.at(1).amount, std::optional<Money>(cents(5000)));
        QVERIFY(first->nextAfterId);
        const Result<JournalPage> second = m_shifts->journal(QDate::currentDate(), *first->nextAfterId, 2);
        QVERIFY(second);
        QCOMPARE(second->items.size(), 2);
        QCOMPARE(second->items.at(0).kind, QStringLiteral("CASH_IN"));
        QCOMPARE(second->items.at(0).details, QStringLiteral("change drop"));
        QCOMPARE(second->items.at(1).kind, QStringLiteral("LOGOUT"));
        QCOMPARE(second->items.at(1).shiftId, first->items.at(1).shiftId);
        QCOMPARE(second->items.at(1).terminal, kTerminal);
        QVERIFY(!second->nextAfterId);
        // another day has none of it
        QVERIFY(m_shifts->journal(QDate::currentDate().addDays(-1), 0, 10)->items.isEmpty());

        // when anyone tries to change or remove a line, or a shift's facts
        QSqlQuery query(m_database->connection());
        QVERIFY(!query.exec(QStringLiteral("UPDATE pos.journal SET actor = 'someone else'")));
        QVERIFY(query.lastError().text().contains(QStringLiteral("append-only")));
        QVERIFY(!query.exec(QStringLiteral("DELETE FROM pos.journal")));
        QVERIFY(!query.exec(QStringLiteral("UPDATE pos.cash_movements SET amount_cents = 1")));
        QVERIFY(!query.exec(QStringLiteral("DELETE FROM pos.shifts")));

        // then the lines are as they were
        QCOMPARE(rows(QStringLiteral("pos.journal")), 4);
        QCOMPARE(m_orders->scalar(QStringLiteral("SELECT count(*) FROM pos.journal WHERE actor = ?"), {kCashier}).toInt(),
                 4);
    }

    void cleanupTestCase()
    {
        m_shifts.reset();
        m_orders.reset();
        m_database = nullptr;
        m_scratch.reset();
    }
};

QTEST_GUILESS_MAIN(TillShiftsTest)
#include "tst_tillshifts.moc"
