#include "auth/accesstokens.h"
#include "auth/authservice.h"
#include "catalog/catalogservice.h"
#include "catalog/stockcompensation.h"
#include "core/metrics.h"
#include "db/database.h"
#include "events/refundevents.h"
#include "orderfixtures.h"
#include "orders/refundprocessor.h"
#include "payments/mockpaymentgateway.h"
#include "pos/returnservice.h"
#include "testclock.h"
#include "migrateddatabase.h"
#include "tillfixtures.h"

#include <QThread>
#include <QtTest>

#include <latch>

using namespace shop;
using namespace std::chrono_literals;
using namespace testsupport;

namespace {

const QString kTerminal = QStringLiteral("till-1");

} // namespace

// Returns at the till against the real PostgreSQL: what can be returned,
// refusals that change nothing, the one transaction of a return, returns of
// one order racing each other, and a return's money and stock going back
// exactly once (the daemon's RefundProcessor and the catalog's
// StockCompensation fed the outbox's events, twice).
class TillReturnsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MigratedScratchDatabase> m_scratch;
    Database *m_database = nullptr; // m_scratch's
    std::unique_ptr<TestClock> m_clock;
    std::unique_ptr<AccessTokens> m_tokens;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<ReturnService> m_returns;
    std::unique_ptr<OrderFixtures> m_orders;
    std::unique_ptr<TillFixtures> m_till;
    QString m_shift;

    qint64 number(const QString &sql, const QVariantList &values = {})
    {
        const QVariant value = m_orders->scalar(sql, values);
        if (!value.isValid())
            qWarning() << sql << m_orders->lastError();
        return value.isValid() ? value.toLongLong() : -1;
    }
    QString text(const QString &sql, const QVariantList &values = {})
    {
        return m_orders->scalar(sql, values).toString();
    }

    // Everything a return writes, as one string, to see that a refusal changed nothing.
    QString writtenRows()
    {
        return QStringLiteral("%1/%2/%3/%4/%5")
            .arg(m_orders->count(QStringLiteral("orders.refunds")))
            .arg(m_orders->count(QStringLiteral("orders.refund_items")))
            .arg(m_orders->count(QStringLiteral("orders.outbox")))
            .arg(m_orders->count(QStringLiteral("pos.returns")))
            .arg(m_orders->count(QStringLiteral("pos.journal")));
    }

    FixtureOrder paidOrder(const QString &method = QStringLiteral("CASH"),
                           const QList<FixtureItem> &items = OrderFixtures::defaultItems())
    {
        FixtureOrder order = m_orders->addOrder(QStringLiteral("PAID"), m_clock->now(), QStringLiteral("till@store.example"), items);
        if (order.orderNumber.isEmpty())
            qWarning() << m_orders->lastError();
        m_orders->scalar(QStringLiteral("UPDATE orders.payment_transactions SET payment_method = ? WHERE order_id = ?"),
                         {method, order.id});
        return order;
    }

    QUuid itemId(const FixtureOrder &order, const QString &sku)
    {
        return QUuid::fromString(text(
            QStringLiteral("SELECT id::text FROM orders.order_items WHERE order_id = ? AND product_sku = ?"),
            {order.id, sku}));
    }

    ReturnRequest request(const FixtureOrder &order, QList<ReturnLine> lines)
    {
        return {{kTerminal, QStringLiteral("cashier")}, order.orderNumber, std::move(lines), QString(), std::nullopt};
    }

    // The payload of the newest outbox row of a type.
    QByteArray lastEvent(const char *type)
    {
        return text(QStringLiteral("SELECT payload FROM orders.outbox WHERE event_type = ? "
                                   "ORDER BY created_at DESC, id DESC LIMIT 1"),
                    {QString::fromLatin1(type)})
            .toUtf8();
    }

    IncomingMessage message(const QString &topic, const QByteArray &payload)
    {
        IncomingMessage incoming;
        incoming.topic = topic;
        incoming.payload = payload;
        return incoming;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_scratch = std::make_unique<MigratedScratchDatabase>();
        QVERIFY2(m_scratch->error().isEmpty(), qPrintable(m_scratch->error()));
        m_database = &m_scratch->database();
        m_clock = std::make_unique<TestClock>();
        m_tokens = std::make_unique<AccessTokens>(QByteArray("test-secret-of-at-least-32-bytes-long"),
                                                  QStringLiteral("shop"), *m_clock);
        m_auth = std::make_unique<AuthService>(*m_database, *m_tokens);
        // High enough that these returns need nobody (tst_managerauthorisation tests the limit).
        m_returns = std::make_unique<ReturnService>(*m_database, *m_auth, *m_tokens, *m_clock, Money::fromCents(100000));
        m_orders = std::make_unique<OrderFixtures>(*m_database);
        m_till = std::make_unique<TillFixtures>(*m_database);
        m_shift = m_till->openShift(kTerminal);
        QVERIFY2(!m_shift.isEmpty(), qPrintable(m_till->lastError()));
    }

    void cleanupTestCase()
    {
        m_returns.reset();
        m_auth.reset();
        m_database = nullptr;
        m_scratch.reset();
    }

    void aSaleIsFoundByReceiptOrOrderNumber()
    {
        const FixtureOrder order = paidOrder();
        const qint64 receipt = m_till->recordSale(order.orderNumber, m_shift, QStringLiteral("CASH"));
        QVERIFY2(receipt > 0, qPrintable(m_till->lastError()));

        const Result<ReturnableSale> byReceipt = m_returns->findSale(QString::number(receipt));
        const Result<ReturnableSale> byOrder = m_returns->findSale(order.orderNumber.toLower() + u' ');

        QVERIFY2(byReceipt, qPrintable(byReceipt ? QString() : byReceipt.error().detail));
        QVERIFY(byOrder);
        QCOMPARE(byReceipt->orderNumber, order.orderNumber);
        QCOMPARE(byOrder->orderNumber, order.orderNumber);
        QCOMPARE(byOrder->receiptNumber, std::optional<qint64>(receipt));
        QVERIFY(byOrder->isCash);
        QCOMPARE(byOrder->items.size(), 2);
        QCOMPARE(byOrder->items.at(0).sku, QStringLiteral("COF-1"));
        QCOMPARE(byOrder->items.at(0).sold, 2);
        QCOMPARE(byOrder->items.at(0).returned, 0);
        QCOMPARE(byOrder->items.at(0).returnable(), 2);
        QCOMPARE(byOrder->items.at(0).unitPrice, Money::fromCents(1999));

        const Result<ReturnableSale> unknown = m_returns->findSale(QStringLiteral("999999"));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, ServiceError::Kind::NotFound);
        QCOMPARE(unknown.error().detail, QStringLiteral("No sale with receipt or order number 999999."));
    }

    void anUnpaidOrCancelledOrderIsNotReturnable()
    {
        for (const char *status : {"PENDING", "CANCELLED", "FAILED"}) {
            const FixtureOrder order = m_orders->addOrder(QLatin1String(status), m_clock->now());
            const Result<ReturnableSale> found = m_returns->findSale(order.orderNumber);
            QVERIFY(!found);
            QCOMPARE(found.error().kind, ServiceError::Kind::Conflict);
            QCOMPARE(found.error().detail,
                     QStringLiteral("Order %1 is %2: only paid sales can be returned.")
                         .arg(order.orderNumber, QLatin1String(status)));
        }
    }

    void aReturnWritesItsRefundEventShiftAndJournalTogether()
    {
        const FixtureOrder order = paidOrder(QStringLiteral("MOCK"));
        const Result<ReturnOutcome> taken =
            m_returns->returnItems(request(order, {{itemId(order, QStringLiteral("COF-1")), 1}}));

        QVERIFY2(taken, qPrintable(taken ? QString() : taken.error().detail));
        QCOMPARE(taken->amount, Money::fromCents(1999));
        QVERIFY(!taken->isCash);
        const QString refund = taken->refundId.toString(QUuid::WithoutBraces);
        QCOMPARE(text(QStringLiteral("SELECT kind || '/' || amount_cents || '/' || status || '/' || requested_by "
                                     "FROM orders.refunds WHERE id = ?"),
                      {refund}),
                 QStringLiteral("RETURN/1999/REQUESTED/cashier"));
        QCOMPARE(text(QStringLiteral("SELECT string_agg(i.product_sku || 'x' || ri.quantity, ',') FROM orders.refund_items ri "
                                     "JOIN orders.order_items i ON i.id = ri.order_item_id WHERE ri.refund_id = ?"),
                      {refund}),
                 QStringLiteral("COF-1x1"));
        const Result<RefundRequestedEvent> event = RefundRequestedEvent::parse(lastEvent(RefundRequestedEvent::kType));
        QVERIFY(event);
        QCOMPARE(event->refund.refundId, taken->refundId);
        QCOMPARE(event->refund.kind, QStringLiteral("RETURN"));
        QCOMPARE(event->refund.amount, Money::fromCents(1999));
        QCOMPARE(event->refund.items.size(), 1);
        QCOMPARE(event->refund.items.at(0).quantity, 1);
        QCOMPARE(text(QStringLiteral("SELECT shift_id::text || '/' || cashier || '/' || coalesce(authorised_by, '-') "
                                     "FROM pos.returns WHERE refund_id = ?"),
                      {refund}),
                 m_shift + QStringLiteral("/cashier/-"));
        QCOMPARE(text(QStringLiteral("SELECT terminal || '/' || shift_id::text || '/' || kind || '/' || amount_cents "
                                     "FROM pos.journal WHERE reference = ?"),
                      {refund}),
                 QStringLiteral("%1/%2/RETURN/1999").arg(kTerminal, m_shift));
        const Result<ReturnableSale> after = m_returns->findSale(order.orderNumber);
        QVERIFY(after);
        QCOMPARE(after->items.at(0).returned, 1);
        QCOMPARE(after->items.at(0).returnable(), 1);
    }

    // Acceptance point (d).
    void returningMoreThanWasSoldIsRefusedAndChangesNothing()
    {
        const FixtureOrder order = paidOrder();
        const QUuid coffee = itemId(order, QStringLiteral("COF-1"));
        QVERIFY(m_returns->returnItems(request(order, {{coffee, 1}})));
        const QString before = writtenRows();

        const Result<ReturnOutcome> tooMany = m_returns->returnItems(request(order, {{coffee, 2}}));
        const Result<ReturnOutcome> splitTooMany = m_returns->returnItems(request(order, {{coffee, 1}, {coffee, 1}}));
        const Result<ReturnOutcome> none = m_returns->returnItems(request(order, {}));
        const Result<ReturnOutcome> zero = m_returns->returnItems(request(order, {{coffee, 0}}));
        const Result<ReturnOutcome> foreign = m_returns->returnItems(request(order, {{QUuid::createUuid(), 1}}));

        QVERIFY(!tooMany);
        QCOMPARE(tooMany.error().kind, ServiceError::Kind::Validation);
        QCOMPARE(tooMany.error().detail,
                 QStringLiteral("COF-1: 2 to return, but only 1 can be (2 sold, 1 returned already)."));
        QCOMPARE(tooMany.error().fields.at(0).field, QStringLiteral("COF-1"));
        QVERIFY(!splitTooMany);
        QCOMPARE(splitTooMany.error().detail, tooMany.error().detail);
        QVERIFY(!none);
        QCOMPARE(none.error().detail, QStringLiteral("Choose at least one item to return."));
        QVERIFY(!zero);
        QCOMPARE(zero.error().detail, QStringLiteral("Each quantity to return must be at least 1."));
        QVERIFY(!foreign);
        QCOMPARE(foreign.error().detail, QStringLiteral("An item to return is not part of order %1.").arg(order.orderNumber));
        QCOMPARE(writtenRows(), before);
    }

    // Acceptance point (d).
    void aSaleReturnedInFullIsRefusedAndNothingChanges()
    {
        const FixtureOrder order = paidOrder();
        QVERIFY(m_returns->returnItems(request(order, {{itemId(order, QStringLiteral("COF-1")), 2},
                                                       {itemId(order, QStringLiteral("TEA-1")), 1}})));
        const QString before = writtenRows();

        const Result<ReturnableSale> found = m_returns->findSale(order.orderNumber);
        const Result<ReturnOutcome> again =
            m_returns->returnItems(request(order, {{itemId(order, QStringLiteral("TEA-1")), 1}}));

        const QString message =
            QStringLiteral("Order %1 was returned in full already: nothing is left to return.").arg(order.orderNumber);
        QVERIFY(!found);
        QCOMPARE(found.error().kind, ServiceError::Kind::Conflict);
        QCOMPARE(found.error().detail, message);
        QVERIFY(!again);
        QCOMPARE(again.error().kind, ServiceError::Kind::Conflict);
        QCOMPARE(again.error().detail, message);
        QCOMPARE(writtenRows(), before);
    }

    void withoutAnOpenShiftAReturnIsRefused()
    {
        const QString closed = m_till->openShift(QStringLiteral("till-closed"));
        QVERIFY(m_till->closeShift(closed));
        const FixtureOrder order = paidOrder();
        const QString before = writtenRows();
        ReturnRequest asked = request(order, {{itemId(order, QStringLiteral("TEA-1")), 1}});
        asked.till.terminal = QStringLiteral("till-closed");

        const Result<ReturnOutcome> refused = m_returns->returnItems(asked);

        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ServiceError::Kind::Conflict);
        QCOMPARE(refused.error().detail,
                 QStringLiteral("Terminal till-closed has no open shift: open one before taking a return."));
        QCOMPARE(writtenRows(), before);
    }

    void concurrentReturnsOfOneOrderNeverGiveBackMoreThanWasSold()
    {
        const FixtureOrder order = paidOrder();
        const QUuid coffee = itemId(order, QStringLiteral("COF-1"));
        constexpr int kTills = 4;
        std::latch start(kTills);
        std::atomic<int> taken = 0;
        QList<QThread *> threads;
        for (int i = 0; i < kTills; ++i) {
            threads.append(QThread::create([&] {
                start.arrive_and_wait();
                if (m_returns->returnItems(request(order, {{coffee, 2}})))
                    ++taken;
            }));
            threads.last()->start();
        }
        for (QThread *thread : std::as_const(threads)) {
            QVERIFY(thread->wait(30000));
            delete thread;
        }
        QCOMPARE(taken.load(), 1);
        QCOMPARE(number(QStringLiteral("SELECT sum(ri.quantity) FROM orders.refund_items ri JOIN orders.refunds r "
                                       "ON r.id = ri.refund_id WHERE r.order_id = ?"),
                        {order.id}),
                 2);
    }

    // Acceptance point (e): a partial return, then the rest; the money and the
    // stock go back once each even when every event is delivered twice.
    void aPartialReturnThenTheRestRefundsAndRestocksOnce()
    {
        CatalogService catalog(*m_database, *m_clock);
        const Result<Category> category = catalog.createCategory({QStringLiteral("Till"), std::nullopt});
        QVERIFY(category);
        const Result<Product> mug = catalog.createProduct(
            {QStringLiteral("MUG-1"), QStringLiteral("Mug"), std::nullopt, Money::fromCents(800), 10, category->id, true});
        QVERIFY(mug);
        const QString mugId = mug->id.toString(QUuid::WithoutBraces);
        const FixtureOrder order =
            paidOrder(QStringLiteral("CASH"), {{mugId, QStringLiteral("MUG-1"), QStringLiteral("Mug"), 3, 800}});
        // What checkout reserved (and took from stock: 10 left of 13).
        m_orders->scalar(QStringLiteral("INSERT INTO catalog.stock_reservations (order_id, product_id, quantity) "
                                        "VALUES (?, ?, 3)"),
                         {order.id, mugId});
        const auto stock = [&] {
            return number(QStringLiteral("SELECT inventory_quantity FROM catalog.products WHERE id = ?"), {mugId});
        };
        const auto paymentStatus = [&] {
            return text(QStringLiteral("SELECT payment_status FROM orders.orders WHERE id = ?"), {order.id});
        };
        Metrics metrics;
        MockPaymentGateway gateway(*m_database, {.successRate = 1.0, .latency = 0ms});
        RefundProcessor daemon(*m_database, gateway, metrics, *m_clock, 5s, [] { return false; });
        StockCompensation catalogSide(*m_database, metrics);
        const QUuid mugLine = itemId(order, QStringLiteral("MUG-1"));

        const auto returnAndSettle = [&](int quantity) -> QString {
            const Result<ReturnOutcome> taken = m_returns->returnItems(request(order, {{mugLine, quantity}}));
            if (!taken)
                return QStringLiteral("refused: ") + taken.error().detail;
            const IncomingMessage requested =
                message(QStringLiteral("refunds.requested"), lastEvent(RefundRequestedEvent::kType));
            daemon.onRefundRequested(requested);
            daemon.onRefundRequested(requested); // redelivered
            const IncomingMessage refunded =
                message(QStringLiteral("payments.refunded"), lastEvent(PaymentRefundedEvent::kType));
            catalogSide.onPaymentRefunded(refunded);
            catalogSide.onPaymentRefunded(refunded); // redelivered
            return QString();
        };

        QCOMPARE(returnAndSettle(1), QString());
        QCOMPARE(paymentStatus(), QStringLiteral("PARTIALLY_REFUNDED"));
        QCOMPARE(number(QStringLiteral("SELECT refunded_cents FROM orders.payment_transactions WHERE order_id = ?"),
                        {order.id}),
                 800);
        QCOMPARE(stock(), 11);

        QCOMPARE(returnAndSettle(2), QString());
        QCOMPARE(paymentStatus(), QStringLiteral("REFUNDED"));
        QCOMPARE(number(QStringLiteral("SELECT refunded_cents FROM orders.payment_transactions WHERE order_id = ?"),
                        {order.id}),
                 2400);
        QCOMPARE(text(QStringLiteral("SELECT string_agg(amount_cents::text || ' ' || status, ',' ORDER BY created_at, amount_cents) "
                                     "FROM orders.refunds WHERE order_id = ?"),
                      {order.id}),
                 QStringLiteral("800 SUCCEEDED,1600 SUCCEEDED"));
        QCOMPARE(stock(), 13);
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM orders.outbox WHERE event_type = 'PAYMENT_REFUNDED' "
                                       "AND aggregate_id = ?"),
                        {order.id}),
                 2);
        // Had the order now been cancelled, its released reservation gives nothing back twice.
        QCOMPARE(text(QStringLiteral("SELECT release_reason FROM catalog.stock_reservations WHERE order_id = ?"),
                      {order.id}),
                 QStringLiteral("returned"));
        QCOMPARE(returnAndSettle(1), QStringLiteral("refused: Order %1 was returned in full already: nothing is left "
                                                    "to return.").arg(order.orderNumber));
        QCOMPARE(stock(), 13);
    }
};

QTEST_GUILESS_MAIN(TillReturnsTest)
#include "tst_tillreturns.moc"
