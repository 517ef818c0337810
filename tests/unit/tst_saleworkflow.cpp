#include "core/backgroundthread.h"
#include "pos/saleservices.h"
#include "pos/saleworkflow.h"
#include "testclock.h"

#include <QtTest>

#include <deque>

using namespace shop;
using namespace std::chrono_literals;
using Kind = SaleOutcome::Kind;

namespace {

const QString kOrderNumber = QStringLiteral("ORD-20260301-000042");

Order orderIn(OrderStatus status)
{
    Order order;
    order.orderNumber = kOrderNumber;
    order.status = status;
    return order;
}

Order declinedOrder(const QString &reason)
{
    Order order = orderIn(OrderStatus::Failed);
    order.paymentStatus = PaymentStatus::Failed;
    order.paymentFailureReason = reason;
    return order;
}

ServiceError notReceivedYet()
{
    return ServiceError::notFound(QStringLiteral("Order not found"));
}

// Plays the cart, checkout and the order daemon: checkout answers one order
// number, each read of the order answers the next scripted state (the last
// one again and again) and moves the test clock on, as a real wait would.
class ScriptedSaleServices final : public SaleServices
{
public:
    explicit ScriptedSaleServices(testsupport::TestClock &clock) : m_clock(clock) {}

    void scriptCheckout(Result<QString> answer) { m_checkout = std::move(answer); }
    void scriptReads(std::initializer_list<Result<Order>> reads) { m_reads.assign(reads); }
    void setSecondsPerRead(qint64 seconds) { m_secondsPerRead = seconds; }

    Result<Done> deleteCart(const QString &sessionId) override
    {
        calls.append(QStringLiteral("deleteCart ") + sessionId);
        return notReceivedYet(); // a first attempt has no cart yet
    }
    Result<Done> addItem(const QString &sessionId, const QUuid &productId, qint64 quantity) override
    {
        calls.append(QStringLiteral("addItem %1 %2 x%3").arg(sessionId, productId.toString()).arg(quantity));
        return Done{};
    }
    Result<QString> placeOrder(const CheckoutRequest &request, const QString &idempotencyKey) override
    {
        calls.append(QStringLiteral("placeOrder ") + idempotencyKey);
        checkout = request;
        return m_checkout;
    }
    Result<Order> getByNumber(const QString &orderNumber) override
    {
        ++reads;
        m_clock.advance(m_secondsPerRead);
        if (orderNumber != kOrderNumber || m_reads.empty())
            return notReceivedYet();
        const Result<Order> read = m_reads.front();
        if (m_reads.size() > 1)
            m_reads.pop_front();
        return read;
    }
    Result<Order> fulfill(const QString &orderNumber, const Fulfillment &fulfillment, const QString &actor) override
    {
        calls.append(QStringLiteral("fulfill %1 by %2").arg(orderNumber, actor));
        fulfilledWith = fulfillment;
        Order order = orderIn(OrderStatus::Fulfilled);
        order.carrier = fulfillment.carrier;
        return order;
    }
    Result<Done> requireOpenShift(const QString &terminal) override
    {
        calls.append(QStringLiteral("requireOpenShift ") + terminal);
        if (!hasOpenShift)
            return ServiceError::conflict(QStringLiteral("No shift is open on terminal ") + terminal);
        return Done{};
    }
    Result<RecordedSale> recordSale(const TillSale &sale) override
    {
        calls.append(QStringLiteral("recordSale %1 %2 by %3").arg(sale.orderNumber, sale.paymentMethod, sale.cashier));
        recorded.append(sale);
        return RecordedSale{QUuid(), 1000 + recorded.size()};
    }

    QStringList calls;
    QList<TillSale> recorded;
    bool hasOpenShift = true;
    std::optional<CheckoutRequest> checkout;
    std::optional<Fulfillment> fulfilledWith;
    int reads = 0;

private:
    testsupport::TestClock &m_clock;
    Result<QString> m_checkout = kOrderNumber;
    std::deque<Result<Order>> m_reads;
    qint64 m_secondsPerRead = 1;
};

// A till with a 30 s payment wait, its sale workflow over the scripted
// services, and what the workflow reported to its front end (on the test's
// thread, wherever the workflow runs).
class Till
{
public:
    Till() : m_sale(services, clock, {QStringLiteral("till-1"), QStringLiteral("Corner Shop"),
                                      QStringLiteral("1 Main Street"), QString(), 30s})
    {
        m_sale.setPollInterval(0ms); // the test clock decides when the wait is over
        QObject::connect(&m_sale, &SaleWorkflow::orderPlaced, &m_frontEnd,
                         [this](const QString &number) { placed.append(number); });
        QObject::connect(&m_sale, &SaleWorkflow::finished, &m_frontEnd,
                         [this](const SaleOutcome &outcome) { outcomes.append(outcome); });
    }

    SaleWorkflow &sale() { return m_sale; }

    // Two mugs and a shirt, paid by paymentMethod.
    void sell(const QString &paymentMethod, const SaleTender &tender = {})
    {
        const QList<SaleLine> lines{
            {mug, QStringLiteral("MUG-WHITE"), QStringLiteral("Mug"), Money::fromCents(899), 40, 2},
            {shirt, QStringLiteral("TSHIRT-L"), QStringLiteral("Shirt"), Money::fromCents(1999), 7, 1}};
        m_sale.start(QStringLiteral("sale-1"), lines, paymentMethod, tender);
    }

    testsupport::TestClock clock;
    ScriptedSaleServices services{clock};
    const QUuid mug = QUuid::createUuid();
    const QUuid shirt = QUuid::createUuid();
    QStringList placed;
    QList<SaleOutcome> outcomes;

private:
    QObject m_frontEnd;
    SaleWorkflow m_sale;
};

} // namespace

// The till's sale without widgets or a database: what the cashier is told
// once the order daemon has (or has not) settled the payment.
class SaleWorkflowTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anApprovedPaymentEndsPaidAndFulfilledInStore()
    {
        // given the daemon receives the order, then the gateway approves it
        Till till;
        till.services.scriptReads({notReceivedYet(), orderIn(OrderStatus::Pending), orderIn(OrderStatus::Paid)});

        // when alice's cash sale is paid with 50.00
        till.sell(kPaymentMethodCash, {QStringLiteral("alice"), Money::fromCents(5000)});

        // then the sale's cart becomes one order under the sale's key, the
        // paid order is handed over in store and recorded in the shift
        QTRY_COMPARE(till.outcomes.size(), 1);
        const SaleOutcome &outcome = till.outcomes.first();
        QCOMPARE(outcome.kind, Kind::Paid);
        QCOMPARE(outcome.orderNumber, kOrderNumber);
        QVERIFY(outcome.order);
        QCOMPARE(outcome.order->status, OrderStatus::Fulfilled);
        QCOMPARE(outcome.order->carrier.value_or(QString()), QStringLiteral("IN_STORE"));
        QCOMPARE(till.placed, QStringList{kOrderNumber});
        QCOMPARE(outcome.receiptNumber, std::optional<qint64>(1001));
        QCOMPARE(till.services.recorded.size(), 1);
        QCOMPARE(till.services.recorded.first().tendered, std::optional<Money>(Money::fromCents(5000)));

        const QString key = QStringLiteral("pos-till-1-sale-1");
        QCOMPARE(till.services.calls,
                 (QStringList{QStringLiteral("requireOpenShift till-1"), QStringLiteral("deleteCart ") + key,
                              QStringLiteral("addItem %1 %2 x2").arg(key, till.mug.toString()),
                              QStringLiteral("addItem %1 %2 x1").arg(key, till.shirt.toString()),
                              QStringLiteral("placeOrder ") + key,
                              QStringLiteral("fulfill %1 by pos:till-1").arg(kOrderNumber),
                              QStringLiteral("recordSale %1 CASH by alice").arg(kOrderNumber)}));
        QVERIFY(till.services.checkout);
        QCOMPARE(till.services.checkout->sessionId, key);
        QCOMPARE(till.services.checkout->paymentMethod, kPaymentMethodCash);
        QCOMPARE(till.services.checkout->customerInfo.name, QStringLiteral("Corner Shop"));
        QCOMPARE(till.services.checkout->customerInfo.shippingAddress.street, QStringLiteral("1 Main Street"));
        QVERIFY(till.services.fulfilledWith);
        QCOMPARE(till.services.fulfilledWith->carrier.value_or(QString()), QStringLiteral("IN_STORE"));
        QCOMPARE(till.services.fulfilledWith->notes.value_or(QString()), QStringLiteral("terminal till-1"));
    }

    void aDeclinedPaymentEndsFailedWithTheGatewaysReason()
    {
        // given the gateway declines the card
        Till till;
        till.services.scriptReads({orderIn(OrderStatus::Pending), declinedOrder(QStringLiteral("card declined"))});

        // when a card sale is paid
        till.sell(QString());

        // then the cashier learns why, and nothing is handed over
        QTRY_COMPARE(till.outcomes.size(), 1);
        const SaleOutcome &outcome = till.outcomes.first();
        QCOMPARE(outcome.kind, Kind::Failed);
        QCOMPARE(outcome.orderNumber, kOrderNumber);
        QCOMPARE(outcome.reason, QStringLiteral("card declined"));
        QVERIFY(!till.services.fulfilledWith);
        QCOMPARE(till.services.checkout->paymentMethod, QString());
        QVERIFY(till.services.recorded.isEmpty()); // a declined sale is no sale of the shift
    }

    void withoutAnOpenShiftNothingIsPlaced()
    {
        // given the terminal has no open shift
        Till till;
        till.services.hasOpenShift = false;

        // when a sale is paid
        till.sell(kPaymentMethodCash, {QStringLiteral("alice"), Money::fromCents(5000)});

        // then the till is told to open one, and no cart or order was touched
        QTRY_COMPARE(till.outcomes.size(), 1);
        QCOMPARE(till.outcomes.first().kind, Kind::NoOpenShift);
        QVERIFY(till.outcomes.first().reason.contains(QStringLiteral("No shift is open")));
        QCOMPARE(till.services.calls, QStringList{QStringLiteral("requireOpenShift till-1")});
        QVERIFY(till.placed.isEmpty());
    }

    void anOrderLeftPendingPastTheWaitIsStillPending()
    {
        // given the daemon has the order but no payment result comes, each read 10 s apart
        Till till;
        till.services.scriptReads({orderIn(OrderStatus::Pending)});
        till.services.setSecondsPerRead(10);
        const QDateTime started = till.clock.now();

        // when a card sale is paid
        till.sell(QString());

        // then after the 30 s wait the outcome says the order is still pending
        QTRY_COMPARE(till.outcomes.size(), 1);
        const SaleOutcome &outcome = till.outcomes.first();
        QCOMPARE(outcome.kind, Kind::StillPending);
        QCOMPARE(outcome.orderNumber, kOrderNumber);
        QVERIFY(outcome.order);
        QCOMPARE(outcome.order->status, OrderStatus::Pending);
        QCOMPARE(started.secsTo(till.clock.now()), qint64(30)); // it gave up at the deadline, not later
        QVERIFY(!till.services.fulfilledWith);
    }

    void withoutTheOrderDaemonTheOrderNeverAppears()
    {
        // given no order daemon runs: the order is placed but never received
        Till till;
        till.services.setSecondsPerRead(10);

        // when a card sale is paid
        till.sell(QString());

        // then the wait ends with an outcome that says so, instead of hanging
        QTRY_COMPARE(till.outcomes.size(), 1);
        const SaleOutcome &outcome = till.outcomes.first();
        QCOMPARE(outcome.kind, Kind::NotReceived);
        QCOMPARE(outcome.orderNumber, kOrderNumber);
        QVERIFY(!outcome.order);
        QCOMPARE(till.placed, QStringList{kOrderNumber});
    }

    void aRefusedCheckoutPlacesNoOrder()
    {
        // given checkout refuses the sale (stock sold meanwhile)
        Till till;
        till.services.scriptCheckout(ServiceError::conflict(QStringLiteral("Not enough stock for MUG-WHITE")));

        // when the sale is paid
        till.sell(kPaymentMethodCash);

        // then the cashier is told why, and no order is followed
        QTRY_COMPARE(till.outcomes.size(), 1);
        QCOMPARE(till.outcomes.first().kind, Kind::NotPlaced);
        QCOMPARE(till.outcomes.first().reason, QStringLiteral("Not enough stock for MUG-WHITE"));
        QVERIFY(till.placed.isEmpty());
        QCOMPARE(till.services.reads, 0);
    }

    void aPriceChangedAtCheckoutIsToldAndTheSameSaleCanBePaidAgain()
    {
        // given checkout finds a price changed since the till filled the cart
        Till till;
        const QString reason = QStringLiteral("prices changed since the items were added to the cart "
                                              "(MUG-WHITE 8.99 -> 9.49); the cart now has the current prices: "
                                              "check the new total and check out again");
        till.services.scriptCheckout(ServiceError::conflict(reason));

        // when the sale is paid
        till.sell(kPaymentMethodCash);

        // then the cashier reads which price changed, and no order is followed
        QTRY_COMPARE(till.outcomes.size(), 1);
        QCOMPARE(till.outcomes.first().kind, Kind::NotPlaced);
        QCOMPARE(till.outcomes.first().reason, reason);
        QVERIFY(till.placed.isEmpty());

        // and paying the same sale again rebuilds its cart and places it
        // under the same key (a refused checkout leaves its key unused)
        till.services.scriptCheckout(kOrderNumber);
        till.services.scriptReads({orderIn(OrderStatus::Paid)});
        till.sell(kPaymentMethodCash);
        QTRY_COMPARE(till.outcomes.size(), 2);
        QCOMPARE(till.outcomes.last().kind, Kind::Paid);
        QCOMPARE(till.services.calls.filter(QStringLiteral("placeOrder ")),
                 QStringList(2, QStringLiteral("placeOrder pos-till-1-sale-1")));
        QCOMPARE(till.services.calls.filter(QStringLiteral("deleteCart ")).size(), 2);
    }

    void aSaleRunsOnAThreadOfItsOwn()
    {
        // given the workflow on a thread of its own, as the POS window runs it
        Till till;
        till.services.scriptReads({orderIn(OrderStatus::Pending), orderIn(OrderStatus::Paid)});
        BackgroundThread thread(QStringLiteral("pos-sale"));
        thread.adopt(till.sale());
        thread.start();

        // when the sale is started there
        thread.post([&till] { till.sell(kPaymentMethodCash); });

        // then it waits on that thread and its outcome reaches this one
        QTRY_COMPARE(till.outcomes.size(), 1);
        QCOMPARE(till.outcomes.first().kind, Kind::Paid);
        QCOMPARE(till.placed, QStringList{kOrderNumber});
        QThread *testThread = QThread::currentThread();
        thread.stop([&till, testThread] { till.sale().moveToThread(testThread); }); // Till deletes it here
    }

    void stoppingEndsTheWaitWithoutAnOutcome()
    {
        // given a sale waiting for its payment
        Till till;
        till.services.scriptReads({orderIn(OrderStatus::Pending)});
        till.services.setSecondsPerRead(0);
        till.sell(QString());
        QTRY_VERIFY(till.services.reads >= 2);

        // when the front end closes
        till.sale().stop();
        const int readsWhenStopped = till.services.reads;

        // then the order is no longer read and nothing is reported
        QTest::qWait(50);
        QCOMPARE(till.services.reads, readsWhenStopped);
        QVERIFY(till.outcomes.isEmpty());
    }
};

QTEST_GUILESS_MAIN(SaleWorkflowTest)
#include "tst_saleworkflow.moc"
