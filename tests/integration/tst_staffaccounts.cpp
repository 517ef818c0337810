#include "apitestserver.h"
#include "auth/authservice.h"

#include <QSqlQuery>
#include <QtTest>

using namespace testsupport;
using shop::UserService;

// Staff accounts over the real database: listing, password resets and
// deactivation ending tokens at the next request, persisted lockouts.
class StaffAccountsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestServer> m_api;

    HttpReply login(const QString &username, const QString &password)
    {
        return m_api->sendJson("POST", QStringLiteral("/api/v1/auth/login"),
                               {{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
    }

    QByteArray tokenOf(const QString &username, const QString &password)
    {
        return "Bearer " + login(username, password).json().value(QStringLiteral("accessToken")).toString().toLatin1();
    }

    int createCategory(const QByteArray &bearer, const QString &name)
    {
        return m_api->sendJson("POST", QStringLiteral("/api/v1/categories"), {{QStringLiteral("name"), name}},
                               {{"Authorization", bearer}})
            .status;
    }

    std::optional<shop::UserAccount> account(const QString &username)
    {
        // As of the server's clock, which the tests hold still: locks last.
        for (const shop::UserAccount &account :
             UserService(m_api->database()).list(false, m_api->clock().now()).accounts)
            if (account.username == username)
                return account;
        return std::nullopt;
    }

private Q_SLOTS:
    void init()
    {
        m_api = std::make_unique<ApiTestServer>();
        QVERIFY2(m_api->error().isEmpty(), qPrintable(m_api->error()));
        QVERIFY(m_api->addUser(QStringLiteral("mona"), QStringLiteral("manager"), "manager123"));
        QVERIFY(m_api->addUser(QStringLiteral("carl"), QStringLiteral("cashier"), "till-password"));
        QVERIFY(m_api->addUser(QStringLiteral("cora"), QStringLiteral("customer"), "customer123"));
    }

    void cleanup() { m_api.reset(); }

    void staffListShowsRoleStatusAndLastLogin()
    {
        QCOMPARE(login(QStringLiteral("mona"), QStringLiteral("manager123")).status, 200);

        const UserService::Accounts staff = UserService(m_api->database()).list(true);
        QVERIFY2(staff.error.isEmpty(), qPrintable(staff.error));
        QCOMPARE(staff.accounts.size(), 2); // no customers
        QCOMPARE(staff.accounts.at(0).username, QStringLiteral("carl"));
        QCOMPARE(staff.accounts.at(0).roles, QStringList{QStringLiteral("CASHIER")});
        QVERIFY(!staff.accounts.at(0).lastLoginAt);
        QCOMPARE(staff.accounts.at(1).username, QStringLiteral("mona"));
        QVERIFY(staff.accounts.at(1).isActive);
        QVERIFY(staff.accounts.at(1).lastLoginAt);
        QVERIFY(qAbs(staff.accounts.at(1).lastLoginAt->secsTo(QDateTime::currentDateTimeUtc())) < 600);
        QCOMPARE(UserService(m_api->database()).list(false).accounts.size(), 3);
    }

    void listingIsBoundedToMaxListed()
    {
        QSqlQuery insert(m_api->database().connection());
        QVERIFY(insert.exec(QStringLiteral(
            "INSERT INTO auth.users (username, password_hash, password_salt, password_iterations, roles) "
            "SELECT 'clerk' || n, '00', '00', 100000, ARRAY['CASHIER'] FROM generate_series(1, %1) n")
                                .arg(UserService::kMaxListed)));
        QCOMPARE(UserService(m_api->database()).list(true).accounts.size(), UserService::kMaxListed);
    }

    void aDeactivatedUsersTokenIsRefusedAtTheNextRequest()
    {
        const QByteArray token = tokenOf(QStringLiteral("mona"), QStringLiteral("manager123"));
        QCOMPARE(createCategory(token, QStringLiteral("Tea")), 201);

        QCOMPARE(UserService(m_api->database()).deactivate(QStringLiteral("mona")).outcome, UserService::Outcome::Done);

        QCOMPARE(createCategory(token, QStringLiteral("Coffee")), 401);
        QCOMPARE(login(QStringLiteral("mona"), QStringLiteral("manager123")).status, 401);
        const std::optional<shop::UserAccount> mona = account(QStringLiteral("mona"));
        QVERIFY(mona && !mona->isActive); // still there: accounts are never deleted
    }

    void aPasswordResetEndsOldTokensAndTheOldPassword()
    {
        const QByteArray oldToken = tokenOf(QStringLiteral("mona"), QStringLiteral("manager123"));
        QCOMPARE(createCategory(oldToken, QStringLiteral("Tea")), 201);

        QCOMPARE(UserService(m_api->database()).resetPassword(QStringLiteral("mona"), "new-secret-1").outcome,
                 UserService::Outcome::Done);

        QCOMPARE(createCategory(oldToken, QStringLiteral("Coffee")), 401);
        QCOMPARE(login(QStringLiteral("mona"), QStringLiteral("manager123")).status, 401);
        const QByteArray newToken = tokenOf(QStringLiteral("mona"), QStringLiteral("new-secret-1"));
        QCOMPARE(createCategory(newToken, QStringLiteral("Coffee")), 201);
    }

    void badInputChangesNothing()
    {
        UserService users(m_api->database());
        const UserService::Result shortPassword = users.resetPassword(QStringLiteral("mona"), "short");
        QCOMPARE(shortPassword.outcome, UserService::Outcome::InvalidInput);
        QCOMPARE(shortPassword.field, QStringLiteral("password"));
        QCOMPARE(users.resetPassword(QStringLiteral("mona"), QByteArray(UserService::kMaxPasswordLength + 1, 'x')).field,
                 QStringLiteral("password"));
        QCOMPARE(login(QStringLiteral("mona"), QStringLiteral("manager123")).status, 200);

        QCOMPARE(users.deactivate(QStringLiteral("nobody")).outcome, UserService::Outcome::NotFound);
        QCOMPARE(users.resetPassword(QStringLiteral("nobody"), "long-enough").outcome, UserService::Outcome::NotFound);
        QCOMPARE(users.liftLockout(QStringLiteral("nobody")).outcome, UserService::Outcome::NotFound);
        QCOMPARE(users.addUser(QStringLiteral("mona"), QStringLiteral("cashier"), "long-enough").field,
                 QStringLiteral("username"));
        QCOMPARE(users.list(false).accounts.size(), 3);
    }

    void failedLoginsArePersistedLockTheirSourceAndCanBeLifted()
    {
        // Another process's AuthService (the till's, the manager window's)
        // on the same database: its failures are what this one sees.
        shop::AccessTokens tokens(QByteArray("test-secret-of-at-least-32-bytes-long"), QStringLiteral("shop"),
                                  m_api->clock());
        shop::AuthService till(m_api->database(), tokens);
        for (int i = 1; i < shop::AuthService::kFreeFailures; ++i)
            QCOMPARE(till.login(QStringLiteral("carl"), "wrong-password").error().kind,
                     shop::ServiceError::Kind::Unauthorized);
        std::optional<shop::UserAccount> carl = account(QStringLiteral("carl"));
        QVERIFY(carl);
        QCOMPARE(carl->failedLogins, shop::AuthService::kFreeFailures - 1);
        QVERIFY(!carl->lockedUntil);

        QCOMPARE(till.login(QStringLiteral("carl"), "wrong-password").error().kind,
                 shop::ServiceError::Kind::Unauthorized);
        // Locked out of the till (one second at first, doubling): even the
        // right password is refused, and the manager window sees it.
        qint64 lockedFor = 0;
        QCOMPARE(till.login(QStringLiteral("carl"), "till-password", shop::AuthService::kLocalSource, &lockedFor)
                     .error().kind,
                 shop::ServiceError::Kind::Forbidden);
        QVERIFY(lockedFor >= 1 && lockedFor <= 2);
        carl = account(QStringLiteral("carl"));
        QCOMPARE(carl->failedLogins, shop::AuthService::kFreeFailures);
        QVERIFY(carl->lockedUntil);
        // Guesses at the till never lock carl out of another source.
        QCOMPARE(login(QStringLiteral("carl"), QStringLiteral("till-password")).status, 200);
        // An unknown user never gets a row, however often it is tried.
        for (int i = 0; i < shop::AuthService::kFreeFailures + 1; ++i)
            QVERIFY(!till.login(QStringLiteral("ghost"), "wrong-password"));
        QSqlQuery rows(m_api->database().connection());
        QVERIFY(rows.exec(QStringLiteral("SELECT count(*) FROM auth.login_failures")) && rows.next());
        QCOMPARE(rows.value(0).toInt(), 1);

        QCOMPARE(UserService(m_api->database()).liftLockout(QStringLiteral("carl")).outcome,
                 UserService::Outcome::Done);
        carl = account(QStringLiteral("carl"));
        QCOMPARE(carl->failedLogins, 0);
        QVERIFY(!carl->lockedUntil);
        QVERIFY(till.login(QStringLiteral("carl"), "till-password"));
    }

    void restLockoutsArePersistedForTheManagerWindow()
    {
        for (int i = 0; i < shop::AuthService::kFreeFailures; ++i)
            QCOMPARE(login(QStringLiteral("carl"), QStringLiteral("wrong-password")).status, 401);
        const HttpReply refused = login(QStringLiteral("carl"), QStringLiteral("till-password"));
        QCOMPARE(refused.status, 429);
        QVERIFY(refused.header("Retry-After").toInt() >= 1);
        const std::optional<shop::UserAccount> carl = account(QStringLiteral("carl"));
        QCOMPARE(carl->failedLogins, shop::AuthService::kFreeFailures);
        QVERIFY(carl->lockedUntil);
    }

    void failuresAreKeptForABoundedNumberOfSources()
    {
        QSqlQuery rows(m_api->database().connection());
        QVERIFY(rows.exec(QStringLiteral("SELECT id FROM auth.users WHERE username = 'carl'")) && rows.next());
        const QUuid carl = QUuid::fromString(rows.value(0).toString());
        rows.finish();
        // What AuthService records for each wrong password, without the hashing.
        const shop::UserRepository users(m_api->database());
        const int sources = shop::UserRepository::kMaxSourcesPerAccount + 5;
        for (int i = 0; i < sources; ++i)
            QVERIFY(users.recordFailedLogin(carl, QStringLiteral("10.0.0.%1").arg(i), shop::AuthService::kFreeFailures,
                                            QDateTime::currentDateTimeUtc().addMSecs(i)));
        QVERIFY(rows.exec(QStringLiteral("SELECT count(*), bool_or(source = '10.0.0.%1') FROM auth.login_failures")
                              .arg(sources - 1))
                && rows.next());
        QCOMPARE(rows.value(0).toInt(), shop::UserRepository::kMaxSourcesPerAccount);
        QVERIFY(rows.value(1).toBool()); // the most recent stay
    }

    void aSuccessfulLoginClearsTheFailures()
    {
        QCOMPARE(login(QStringLiteral("carl"), QStringLiteral("wrong-password")).status, 401);
        QCOMPARE(login(QStringLiteral("carl"), QStringLiteral("wrong-password")).status, 401);
        QCOMPARE(account(QStringLiteral("carl"))->failedLogins, 2);
        QCOMPARE(login(QStringLiteral("carl"), QStringLiteral("till-password")).status, 200);
        QCOMPARE(account(QStringLiteral("carl"))->failedLogins, 0);
        QVERIFY(account(QStringLiteral("carl"))->lastLoginAt);
    }
};

QTEST_MAIN(StaffAccountsTest)
#include "tst_staffaccounts.moc"
