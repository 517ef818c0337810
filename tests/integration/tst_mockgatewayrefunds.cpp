#include "db/database.h"
#include "payments/mockpaymentgateway.h"
#include "migrateddatabase.h"

#include <QThread>
#include <QtTest>

#include <latch>

using namespace shop;
using namespace std::chrono_literals;
using testsupport::MigratedScratchDatabase;
using Outcome = RefundResult::Outcome;

namespace {

MockPaymentGateway::Options approving()
{
    return {.successRate = 1.0, .latency = 0ms};
}

MockPaymentGateway::Options alwaysFails(PaymentFailureMode mode)
{
    return {.successRate = 0.0, .latency = 0ms, .failureMode = mode};
}

RefundRequest refundOf(const QString &paymentId, qint64 cents, const QString &key)
{
    return {paymentId, Money::fromCents(cents), key, QStringLiteral("ORD-20260101-001"), {}};
}

QString newKey()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

// The mock gateway's refunds against the real orders.mock_gateway_* tables:
// what an external provider promises (idempotency by key, never more back
// than was charged) and the failure modes the daemon must survive.
class MockGatewayRefundsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MigratedScratchDatabase> m_scratch;
    Database *m_database = nullptr; // m_scratch's

    // An approved charge of cents; its externalTransactionId is what refunds name.
    QString chargedPayment(qint64 cents)
    {
        MockPaymentGateway gateway(*m_database, approving());
        const ChargeResult charged = gateway.charge(
            {QUuid::createUuid(), QStringLiteral("ORD-20260101-001"), Money::fromCents(cents), {}}, 5s);
        if (!charged.isApproved())
            qWarning() << "charge failed:" << charged.failureReason;
        return charged.externalTransactionId;
    }

    // Rows and calls of one key, and approved cents of one payment, in the ledger.
    qint64 number(const QString &sql, const QString &value)
    {
        QSqlQuery query(m_database->connection());
        query.prepare(sql);
        if (!execPrepared(query, {value}) || !query.next()) {
            qWarning() << query.lastError().text();
            return -1;
        }
        return query.value(0).toLongLong();
    }
    qint64 rowsFor(const QString &key)
    {
        return number(QStringLiteral("SELECT count(*) FROM orders.mock_gateway_refunds WHERE idempotency_key = $1"), key);
    }
    qint64 callsFor(const QString &key)
    {
        return number(QStringLiteral("SELECT coalesce(sum(calls), 0) FROM orders.mock_gateway_refunds WHERE idempotency_key = $1"), key);
    }
    qint64 refundedCents(const QString &payment)
    {
        return number(QStringLiteral("SELECT coalesce(sum(amount_cents), 0) FROM orders.mock_gateway_refunds"
                                     " WHERE payment_reference = $1 AND outcome = 'APPROVED'"),
                      payment);
    }

private Q_SLOTS:
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

    void refundingWithTheSameKeyTwiceMovesMoneyOnce()
    {
        MockPaymentGateway gateway(*m_database, approving());
        const QString payment = chargedPayment(4250);
        const QString key = newKey();

        const RefundResult first = gateway.refund(refundOf(payment, 4250, key), 5s);
        const RefundResult second = gateway.refund(refundOf(payment, 4250, key), 5s);

        QCOMPARE(first.outcome, Outcome::Approved);
        QVERIFY2(first.externalTransactionId.startsWith(QStringLiteral("mock_refund_")),
                 qPrintable(first.externalTransactionId));
        QCOMPARE(second.outcome, Outcome::Approved);
        QCOMPARE(second.externalTransactionId, first.externalTransactionId);
        QCOMPARE(rowsFor(key), 1);
        QCOMPARE(callsFor(key), 2);
        QCOMPARE(refundedCents(payment), 4250);
    }

    void refundAboveWhatIsLeftIsRefused()
    {
        MockPaymentGateway gateway(*m_database, approving());
        const QString payment = chargedPayment(4250);

        QCOMPARE(gateway.refund(refundOf(payment, 3000, newKey()), 5s).outcome, Outcome::Approved);
        const QString tooMuch = newKey();
        const RefundResult refused = gateway.refund(refundOf(payment, 1251, tooMuch), 5s);
        QCOMPARE(gateway.refund(refundOf(payment, 1250, newKey()), 5s).outcome, Outcome::Approved);
        const RefundResult nothingLeft = gateway.refund(refundOf(payment, 1, newKey()), 5s);

        QCOMPARE(refused.outcome, Outcome::Declined);
        QCOMPARE(refused.failureReason, QStringLiteral("refund of 12.51 exceeds the 12.50 left to refund"));
        QCOMPARE(rowsFor(tooMuch), 0); // a refusal is not a decision: nothing in the books
        QCOMPARE(nothingLeft.outcome, Outcome::Declined);
        QCOMPARE(refundedCents(payment), 4250);
    }

    void twoFullRefundsAtOnceRefundOnce()
    {
        // Latency holds both between "nothing recorded under my key" and
        // recording, so they race on what is left of the charge.
        MockPaymentGateway gateway(*m_database, {.successRate = 1.0, .latency = 300ms});
        const QString payment = chargedPayment(4250);
        std::latch bothReady(2);
        RefundResult results[2];
        auto refund = [&](int i) {
            return QThread::create([&, i] {
                bothReady.arrive_and_wait();
                results[i] = gateway.refund(refundOf(payment, 4250, newKey()), 5s);
            });
        };
        std::unique_ptr<QThread> first(refund(0));
        std::unique_ptr<QThread> second(refund(1));

        first->start();
        second->start();
        QVERIFY(first->wait(QDeadlineTimer(60s)));
        QVERIFY(second->wait(QDeadlineTimer(60s)));

        QCOMPARE(int(results[0].isApproved()) + int(results[1].isApproved()), 1);
        QCOMPARE(refundedCents(payment), 4250);
    }

    void refundOfAnUnknownPaymentIsRefused()
    {
        MockPaymentGateway gateway(*m_database, approving());

        const RefundResult result = gateway.refund(refundOf(QStringLiteral("mock_no-such-charge"), 100, newKey()), 5s);

        QCOMPARE(result.outcome, Outcome::Declined);
        QCOMPARE(result.failureReason, QStringLiteral("no approved payment mock_no-such-charge"));
    }

    void declineIsRecordedAndRepeatedUnderItsKey()
    {
        const QString payment = chargedPayment(4250);
        const QString key = newKey();
        MockPaymentGateway declining(*m_database, alwaysFails(PaymentFailureMode::Decline));
        MockPaymentGateway working(*m_database, approving());

        const RefundResult first = declining.refund(refundOf(payment, 4250, key), 5s);
        const RefundResult again = working.refund(refundOf(payment, 4250, key), 5s);
        const RefundResult newKeyResult = working.refund(refundOf(payment, 4250, newKey()), 5s);

        QCOMPARE(first.outcome, Outcome::Declined);
        QCOMPARE(first.failureReason, QStringLiteral("refund declined"));
        QCOMPARE(again.outcome, Outcome::Declined); // same key: the first answer
        QCOMPARE(newKeyResult.outcome, Outcome::Approved);
        QCOMPARE(refundedCents(payment), 4250);
    }

    void errorModeAnswersUnavailableAndRecordsNothing()
    {
        const QString payment = chargedPayment(4250);
        const QString key = newKey();
        MockPaymentGateway failing(*m_database, alwaysFails(PaymentFailureMode::Error));
        MockPaymentGateway working(*m_database, approving());

        const RefundResult failed = failing.refund(refundOf(payment, 4250, key), 5s);
        const RefundResult retried = working.refund(refundOf(payment, 4250, key), 5s);

        QCOMPARE(failed.outcome, Outcome::Unavailable);
        QCOMPARE(failed.failureReason, QStringLiteral("payment gateway error"));
        QCOMPARE(retried.outcome, Outcome::Approved); // the same key may still succeed
        QCOMPARE(callsFor(key), 1);
    }

    void timeoutModeAnswersUnavailableAndRecordsNothing()
    {
        const QString payment = chargedPayment(4250);
        const QString key = newKey();
        MockPaymentGateway gateway(*m_database, alwaysFails(PaymentFailureMode::Timeout));

        const RefundResult result = gateway.refund(refundOf(payment, 4250, key), 50ms);

        QCOMPARE(result.outcome, Outcome::Unavailable);
        QCOMPARE(result.failureReason, QStringLiteral("payment gateway timed out"));
        QCOMPARE(rowsFor(key), 0);
    }
};

QTEST_GUILESS_MAIN(MockGatewayRefundsTest)
#include "tst_mockgatewayrefunds.moc"
