#include "auth/accesstokens.h"
#include "auth/authservice.h"
#include "auth/userservice.h"
#include "db/database.h"
#include "orderfixtures.h"
#include "pos/nosaleservice.h"
#include "pos/returnservice.h"
#include "testclock.h"
#include "migrateddatabase.h"
#include "tillfixtures.h"

#include <QtTest>

using namespace shop;
using namespace testsupport;

namespace {

const TillActor kTill{QStringLiteral("till-1"), QStringLiteral("carol")};

} // namespace

// A manager's authorisation at the till against the real PostgreSQL: a
// return above pos-return-authorisation-limit (or any return with a zero
// limit) and a drawer opened without a sale need a MANAGER's username and
// password; a cashier's or a wrong password is refused and journaled.
class ManagerAuthorisationTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MigratedScratchDatabase> m_scratch;
    Database *m_database = nullptr; // m_scratch's
    std::unique_ptr<TestClock> m_clock;
    std::unique_ptr<AccessTokens> m_tokens;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<OrderFixtures> m_orders;
    QString m_shift;
    qint64 m_journalStart = 0; // what earlier tests journaled is not this test's

    QString text(const QString &sql, const QVariantList &values = {})
    {
        return m_orders->scalar(sql, values).toString();
    }

    QString journal()
    {
        return text(QStringLiteral("SELECT coalesce(string_agg(kind || ' ' || coalesce(reference, '-') || ' ' "
                                   "|| coalesce(details, '-'), '; ' ORDER BY id), '') FROM pos.journal WHERE id > ?"),
                    {m_journalStart});
    }

    ReturnRequest returnOfAll(const FixtureOrder &order, std::optional<ManagerCredentials> manager)
    {
        QList<ReturnLine> lines;
        const QStringList ids = text(QStringLiteral("SELECT string_agg(id::text, ',') FROM orders.order_items "
                                                    "WHERE order_id = ?"),
                                     {order.id})
                                    .split(u',');
        for (const QString &id : ids)
            lines.append({QUuid::fromString(id), 1});
        return {kTill, order.orderNumber, lines, QStringLiteral("wrong size"), std::move(manager)};
    }

    FixtureOrder paidOrder()
    {
        // One item at 60.00: above the default limit of 50.00.
        return m_orders->addOrder(QStringLiteral("PAID"), m_clock->now(), QStringLiteral("till@store.example"),
                                  {{QUuid::createUuid().toString(QUuid::WithoutBraces), QStringLiteral("COAT-1"),
                                    QStringLiteral("Coat"), 1, 6000}});
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
        m_orders = std::make_unique<OrderFixtures>(*m_database);
        UserService users(*m_database);
        QCOMPARE(users.addUser(QStringLiteral("maria"), QStringLiteral("MANAGER"), "manager-pass").outcome,
                 UserService::Outcome::Created);
        QCOMPARE(users.addUser(QStringLiteral("carol"), QStringLiteral("CASHIER"), "cashier-pass").outcome,
                 UserService::Outcome::Created);
        TillFixtures till(*m_database);
        m_shift = till.openShift(kTill.terminal, kTill.cashier);
        QVERIFY2(!m_shift.isEmpty(), qPrintable(till.lastError()));
    }

    void init()
    {
        m_journalStart = m_orders->scalar(QStringLiteral("SELECT coalesce(max(id), 0) FROM pos.journal")).toLongLong();
    }

    void cleanupTestCase()
    {
        m_auth.reset();
        m_database = nullptr;
        m_scratch.reset();
    }

    void aReturnAboveTheLimitNeedsAManager()
    {
        ReturnService returns(*m_database, *m_auth, *m_tokens, *m_clock, Money::fromCents(5000));
        const FixtureOrder order = paidOrder();

        const Result<ReturnOutcome> unasked = returns.returnItems(returnOfAll(order, std::nullopt));
        const Result<ReturnOutcome> byCashier =
            returns.returnItems(returnOfAll(order, ManagerCredentials{QStringLiteral("carol"), "cashier-pass"}));
        const Result<ReturnOutcome> wrongPassword =
            returns.returnItems(returnOfAll(order, ManagerCredentials{QStringLiteral("maria"), "guess"}));

        QVERIFY(!unasked);
        QCOMPARE(unasked.error().kind, ServiceError::Kind::Forbidden);
        QCOMPARE(unasked.error().detail, QStringLiteral("A return of 60.00 needs a manager's authorisation (limit 50.00)."));
        QVERIFY(!byCashier);
        QCOMPARE(byCashier.error().kind, ServiceError::Kind::Forbidden);
        QCOMPARE(byCashier.error().detail, QStringLiteral("carol is not a manager: only a manager can authorise this."));
        QVERIFY(!wrongPassword);
        QCOMPARE(wrongPassword.error().kind, ServiceError::Kind::Unauthorized);
        QCOMPARE(wrongPassword.error().detail, QStringLiteral("Wrong manager username or password."));
        QCOMPARE(m_orders->count(QStringLiteral("orders.refunds")), 0);
        QCOMPARE(m_orders->count(QStringLiteral("pos.returns")), 0);
        QCOMPARE(journal(), QStringLiteral("AUTHORISATION_REFUSED carol return of 60.00 from %1: not a manager; "
                                           "AUTHORISATION_REFUSED maria return of 60.00 from %1: wrong username or password")
                                .arg(order.orderNumber));
        QCOMPARE(text(QStringLiteral("SELECT string_agg(DISTINCT shift_id::text || ' ' || actor, ',') FROM pos.journal")),
                 m_shift + QStringLiteral(" carol"));

        const Result<ReturnOutcome> authorised =
            returns.returnItems(returnOfAll(order, ManagerCredentials{QStringLiteral(" maria "), "manager-pass"}));
        QVERIFY2(authorised, qPrintable(authorised ? QString() : authorised.error().detail));
        QCOMPARE(authorised->authorisedBy, QStringLiteral("maria"));
        QCOMPARE(text(QStringLiteral("SELECT cashier || '/' || authorised_by FROM pos.returns")), QStringLiteral("carol/maria"));
        QVERIFY(journal().endsWith(QStringLiteral("(wrong size), authorised by maria")));
    }

    void aReturnUpToTheLimitNeedsNobodyAndAZeroLimitAlwaysAManager()
    {
        const FixtureOrder order = paidOrder();
        ReturnService generous(*m_database, *m_auth, *m_tokens, *m_clock, Money::fromCents(6000));
        ReturnService strict(*m_database, *m_auth, *m_tokens, *m_clock, Money());

        QVERIFY(!generous.needsAuthorisation(Money::fromCents(6000)));
        QVERIFY(generous.needsAuthorisation(Money::fromCents(6001)));
        QVERIFY(strict.needsAuthorisation(Money::fromCents(1)));
        const Result<ReturnOutcome> refused = strict.returnItems(returnOfAll(order, std::nullopt));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ServiceError::Kind::Forbidden);
        const Result<ReturnOutcome> taken = generous.returnItems(returnOfAll(order, std::nullopt));
        QVERIFY2(taken, qPrintable(taken ? QString() : taken.error().detail));
        QCOMPARE(taken->authorisedBy, QString());
    }

    void aNoSaleNeedsAManagerAndIsRecorded()
    {
        NoSaleService noSale(*m_database, *m_auth, *m_tokens);

        const Result<QString> byCashier =
            noSale.openDrawer(kTill, QStringLiteral("change for the bus"), {QStringLiteral("carol"), "cashier-pass"});
        const Result<QString> noReason = noSale.openDrawer(kTill, QStringLiteral("  "), {QStringLiteral("maria"), "manager-pass"});
        QVERIFY(!byCashier);
        QCOMPARE(byCashier.error().kind, ServiceError::Kind::Forbidden);
        QVERIFY(!noReason);
        QCOMPARE(noReason.error().kind, ServiceError::Kind::Validation);
        QCOMPARE(m_orders->count(QStringLiteral("pos.cash_movements")), 0);
        QCOMPARE(journal(), QStringLiteral("AUTHORISATION_REFUSED carol no sale: change for the bus: not a manager"));

        const Result<QString> opened =
            noSale.openDrawer(kTill, QStringLiteral("change for the bus"), {QStringLiteral("maria"), "manager-pass"});
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().detail));
        QCOMPARE(opened.value(), QStringLiteral("maria"));
        QCOMPARE(text(QStringLiteral("SELECT shift_id::text || '/' || kind || '/' || amount_cents || '/' || reason || '/' "
                                     "|| recorded_by || '/' || authorised_by FROM pos.cash_movements")),
                 m_shift + QStringLiteral("/NO_SALE/0/change for the bus/carol/maria"));
        QVERIFY(journal().endsWith(QStringLiteral("; NO_SALE - change for the bus, authorised by maria")));
    }

    void aNoSaleWithoutAnOpenShiftIsRefused()
    {
        NoSaleService noSale(*m_database, *m_auth, *m_tokens);
        const Result<QString> refused = noSale.openDrawer({QStringLiteral("till-9"), QStringLiteral("carol")},
                                                          QStringLiteral("count"), {QStringLiteral("maria"), "manager-pass"});
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ServiceError::Kind::Conflict);
        QCOMPARE(refused.error().detail, QStringLiteral("Terminal till-9 has no open shift: open one first."));
    }
};

QTEST_GUILESS_MAIN(ManagerAuthorisationTest)
#include "tst_managerauthorisation.moc"
