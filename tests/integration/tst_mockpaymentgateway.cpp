#include "core/ids.h"
#include "db/database.h"
#include "payments/mockpaymentgateway.h"
#include "migrateddatabase.h"

#include <QThread>
#include <QtTest>

#include <latch>

using namespace shop;
using namespace std::chrono_literals;
using testsupport::MigratedScratchDatabase;
using Outcome = ChargeResult::Outcome;

namespace {

ChargeRequest anOrder()
{
    return {QUuid::createUuid(), QStringLiteral("ORD-20260101-001"), Money::fromCents(4250), QStringLiteral("corr-1")};
}

// The gateway's ledger row for one order, as the test reads it back.
struct LedgerRow
{
    int count = 0; // rows for the order: 0 or 1
    QString outcome;
    QString externalTransactionId;
    QString failureReason;
    qint64 amountCents = 0;
    int calls = 0;
};

LedgerRow ledgerRow(Database &database, const QUuid &orderId)
{
    LedgerRow row;
    QSqlQuery query(database.connection());
    query.prepare(QStringLiteral("SELECT outcome, external_transaction_id, failure_reason, amount_cents, calls,"
                                 " count(*) OVER () FROM orders.mock_gateway_charges WHERE order_id = $1::uuid"));
    if (!execPrepared(query, {idText(orderId)}))
        qWarning() << query.lastError().text();
    if (query.next()) {
        row = {query.value(5).toInt(), query.value(0).toString(), query.value(1).toString(),
               query.value(2).toString(), query.value(3).toLongLong(), query.value(4).toInt()};
    }
    return row;
}

MockPaymentGateway::Options alwaysFails(PaymentFailureMode mode)
{
    return {.successRate = 0.0, .latency = 0ms, .failureMode = mode};
}

} // namespace

class MockPaymentGatewayTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MigratedScratchDatabase> m_scratch;
    Database *m_database = nullptr; // m_scratch's

private Q_SLOTS:
    // One database for all: every test charges orders of its own.
    void initTestCase()
    {
        m_scratch = std::make_unique<MigratedScratchDatabase>();
        QVERIFY2(m_scratch->error().isEmpty(), qPrintable(m_scratch->error()));
        m_database = &m_scratch->database();
    }

    void cleanupTestCase()
    {
        m_database = nullptr;
        m_scratch.reset();
    }

    void chargingTheSameOrderTwiceMovesMoneyOnce()
    {
        MockPaymentGateway gateway(*m_database, {.successRate = 1.0, .latency = 0ms});
        const ChargeRequest order = anOrder();

        const ChargeResult first = gateway.charge(order, 5s);
        const ChargeResult second = gateway.charge(order, 5s);

        QCOMPARE(first.outcome, Outcome::Approved);
        QVERIFY2(first.externalTransactionId.startsWith(QStringLiteral("mock_")), qPrintable(first.externalTransactionId));
        QVERIFY(!first.externalTransactionId.contains(u'{'));
        QCOMPARE(second.outcome, Outcome::Approved);
        QCOMPARE(second.externalTransactionId, first.externalTransactionId);
        const LedgerRow row = ledgerRow(*m_database, order.orderId);
        QCOMPARE(row.count, 1);
        QCOMPARE(row.outcome, QStringLiteral("APPROVED"));
        QCOMPARE(row.externalTransactionId, first.externalTransactionId);
        QCOMPARE(row.amountCents, qint64(4250));
        QCOMPARE(row.calls, 2);
    }

    void twoDaemonsChargingTheSameOrderAtOnceGetOneCharge()
    {
        // Latency keeps both calls between "nothing recorded yet" and
        // recording, so they race on the insert.
        MockPaymentGateway gateway(*m_database, {.successRate = 1.0, .latency = 300ms});
        const ChargeRequest order = anOrder();
        std::latch bothReady(2);
        ChargeResult results[2];
        auto charge = [&](int i) {
            return QThread::create([&, i] {
                bothReady.arrive_and_wait();
                results[i] = gateway.charge(order, 5s);
            });
        };
        std::unique_ptr<QThread> first(charge(0));
        std::unique_ptr<QThread> second(charge(1));

        first->start();
        second->start();
        QVERIFY(first->wait(QDeadlineTimer(60s)));
        QVERIFY(second->wait(QDeadlineTimer(60s)));

        QCOMPARE(results[0].outcome, Outcome::Approved);
        QCOMPARE(results[1].outcome, Outcome::Approved);
        QCOMPARE(results[1].externalTransactionId, results[0].externalTransactionId);
        const LedgerRow row = ledgerRow(*m_database, order.orderId);
        QCOMPARE(row.count, 1);
        QCOMPARE(row.externalTransactionId, results[0].externalTransactionId);
        QCOMPARE(row.calls, 2);
    }

    void declineIsRecordedAndRepeated()
    {
        MockPaymentGateway gateway(*m_database, alwaysFails(PaymentFailureMode::Decline));
        const ChargeRequest order = anOrder();

        const ChargeResult first = gateway.charge(order, 5s);
        const ChargeResult second = gateway.charge(order, 5s);

        QCOMPARE(first.outcome, Outcome::Declined);
        QCOMPARE(first.failureReason, QStringLiteral("card declined"));
        QVERIFY(first.externalTransactionId.isEmpty());
        QCOMPARE(second.outcome, Outcome::Declined);
        QCOMPARE(second.failureReason, QStringLiteral("card declined"));
        const LedgerRow row = ledgerRow(*m_database, order.orderId);
        QCOMPARE(row.count, 1);
        QCOMPARE(row.outcome, QStringLiteral("DECLINED"));
        QCOMPARE(row.failureReason, QStringLiteral("card declined"));
        QCOMPARE(row.calls, 2);
    }

    void declineIsRepeatedEvenWhenTheGatewayWouldNowApprove()
    {
        const ChargeRequest order = anOrder();
        MockPaymentGateway declining(*m_database, alwaysFails(PaymentFailureMode::Decline));
        MockPaymentGateway approving(*m_database, {.successRate = 1.0, .latency = 0ms});

        declining.charge(order, 5s);
        const ChargeResult again = approving.charge(order, 5s);

        QCOMPARE(again.outcome, Outcome::Declined); // the ledger decides, not a new draw
    }

    void aRecordedChargeIsAnsweredEvenWhenTheGatewayWouldNowFail()
    {
        const ChargeRequest order = anOrder();
        MockPaymentGateway approving(*m_database, {.successRate = 1.0, .latency = 0ms});
        MockPaymentGateway failing(*m_database, alwaysFails(PaymentFailureMode::Error));

        const ChargeResult first = approving.charge(order, 5s);
        const ChargeResult again = failing.charge(order, 5s);

        QCOMPARE(again.outcome, Outcome::Approved); // the daemon that died after charging learns it was paid
        QCOMPARE(again.externalTransactionId, first.externalTransactionId);
    }

    void timeoutModeAnswersUnavailableAndRecordsNothing()
    {
        MockPaymentGateway gateway(*m_database, alwaysFails(PaymentFailureMode::Timeout));
        const ChargeRequest order = anOrder();

        const ChargeResult result = gateway.charge(order, 50ms);

        QCOMPARE(result.outcome, Outcome::Unavailable);
        QCOMPARE(result.failureReason, QStringLiteral("payment gateway timed out"));
        QCOMPARE(ledgerRow(*m_database, order.orderId).count, 0);
    }

    void latencyBeyondTheTimeoutIsATimeout()
    {
        MockPaymentGateway gateway(*m_database, {.successRate = 1.0, .latency = 100ms});
        const ChargeRequest order = anOrder();

        const ChargeResult result = gateway.charge(order, 20ms);

        QCOMPARE(result.outcome, Outcome::Unavailable);
        QCOMPARE(result.failureReason, QStringLiteral("payment gateway timed out"));
        QCOMPARE(ledgerRow(*m_database, order.orderId).count, 0);
    }

    void errorModeAnswersUnavailableAndRecordsNothing()
    {
        MockPaymentGateway gateway(*m_database, alwaysFails(PaymentFailureMode::Error));
        const ChargeRequest order = anOrder();

        const ChargeResult result = gateway.charge(order, 5s);

        QCOMPARE(result.outcome, Outcome::Unavailable);
        QCOMPARE(result.failureReason, QStringLiteral("payment gateway error"));
        QCOMPARE(ledgerRow(*m_database, order.orderId).count, 0);
    }

    void afterAnErrorTheOrderCanStillBeCharged()
    {
        const ChargeRequest order = anOrder();
        MockPaymentGateway failing(*m_database, alwaysFails(PaymentFailureMode::Error));
        MockPaymentGateway working(*m_database, {.successRate = 1.0, .latency = 0ms});

        failing.charge(order, 5s);
        const ChargeResult result = working.charge(order, 5s);

        QCOMPARE(result.outcome, Outcome::Approved);
        QCOMPARE(ledgerRow(*m_database, order.orderId).calls, 1); // the failed call never reached the books
    }

    void stopWakesAChargeWaitingOutItsTimeout()
    {
        MockPaymentGateway gateway(*m_database, alwaysFails(PaymentFailureMode::Timeout));
        const ChargeRequest order = anOrder();
        ChargeResult result;
        std::unique_ptr<QThread> charging(QThread::create([&] { result = gateway.charge(order, std::chrono::hours(1)); }));

        charging->start();
        // Let it reach its wait; had stop() come first, the charge would
        // answer the same at once and this test would merely prove less.
        QThread::msleep(200);
        gateway.stop();

        QVERIFY2(charging->wait(QDeadlineTimer(60s)), "stop() did not end the wait");
        QCOMPARE(result.outcome, Outcome::Unavailable);
        QCOMPARE(result.failureReason, QStringLiteral("shutting down"));
        QCOMPARE(ledgerRow(*m_database, order.orderId).count, 0);
    }

    void databaseOutageIsUnavailable()
    {
        DatabaseUrl unreachable = m_scratch->url();
        unreachable.database = QStringLiteral("no_such_database");
        Database database(unreachable);
        MockPaymentGateway gateway(database, {.successRate = 1.0, .latency = 0ms});

        const ChargeResult result = gateway.charge(anOrder(), 5s);

        QCOMPARE(result.outcome, Outcome::Unavailable);
        QCOMPARE(result.failureReason, QStringLiteral("payment gateway error"));
    }

    void optionsComeFromSettings()
    {
        Settings settings;
        settings.paymentMockSuccessRate = 0.25;
        settings.paymentMockLatencyMs = 70;
        settings.paymentMockFailureMode = PaymentFailureMode::Timeout;

        const auto options = MockPaymentGateway::fromSettings(settings);

        QCOMPARE(options.successRate, 0.25);
        QCOMPARE(options.latency, 70ms);
        QCOMPARE(options.failureMode, PaymentFailureMode::Timeout);
        QCOMPARE(MockPaymentGateway(*m_database, options).paymentMethod(), QStringLiteral("MOCK"));
    }
};

QTEST_GUILESS_MAIN(MockPaymentGatewayTest)
#include "tst_mockpaymentgateway.moc"
