#include "apitestserver.h"

#include <QtTest>

using namespace testsupport;

// POST /api/v1/auth/login and the token rules every manager-only call relies on.
class AuthApiTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiTestServer> m_api;

    HttpReply login(const QString &username, const QString &password)
    {
        return m_api->sendJson("POST", QStringLiteral("/api/v1/auth/login"),
                               {{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
    }

private Q_SLOTS:
    void init()
    {
        m_api = std::make_unique<ApiTestServer>();
        QVERIFY2(m_api->error().isEmpty(), qPrintable(m_api->error()));
        QVERIFY(m_api->addUser(QStringLiteral("manager"), QStringLiteral("manager"), "manager123"));
    }

    void cleanup() { m_api.reset(); }

    void rightPasswordGivesABearerTokenFor15Minutes()
    {
        const HttpReply reply = login(QStringLiteral("manager"), QStringLiteral("manager123"));
        QCOMPARE(reply.status, 200);
        const QJsonObject body = reply.json();
        QCOMPARE(body.value(QStringLiteral("tokenType")).toString(), QStringLiteral("Bearer"));
        QCOMPARE(body.value(QStringLiteral("expiresIn")).toInt(), 900);
        const QList<QByteArray> parts = body.value(QStringLiteral("accessToken")).toString().toLatin1().split('.');
        QCOMPARE(parts.size(), 3);
        const QJsonObject claims = QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding)).object();
        QCOMPARE(claims.value(QStringLiteral("sub")).toString(), QStringLiteral("manager"));
        QCOMPARE(claims.value(QStringLiteral("iss")).toString(), QStringLiteral("shop"));
        QCOMPARE(claims.value(QStringLiteral("roles")).toArray().first().toString(), QStringLiteral("MANAGER"));
        QCOMPARE(claims.value(QStringLiteral("exp")).toInteger() - claims.value(QStringLiteral("iat")).toInteger(), 900);
    }

    void aCashiersTokenCarriesTheCashierRoleAndCannotWriteTheCatalog()
    {
        // given a cashier made as `shop user add carl --role cashier` makes one
        QVERIFY(m_api->addUser(QStringLiteral("carl"), QStringLiteral("cashier"), "till-password"));

        // when the cashier logs in
        const HttpReply reply = login(QStringLiteral("carl"), QStringLiteral("till-password"));

        // then the token says CASHIER, and the catalog refuses it
        QCOMPARE(reply.status, 200);
        const QByteArray token = reply.json().value(QStringLiteral("accessToken")).toString().toLatin1();
        const QJsonObject claims =
            QJsonDocument::fromJson(QByteArray::fromBase64(token.split('.').at(1), QByteArray::Base64UrlEncoding)).object();
        QCOMPARE(claims.value(QStringLiteral("roles")).toArray(), QJsonArray{QStringLiteral("CASHIER")});
        const QJsonObject category{{QStringLiteral("name"), QStringLiteral("Tea")}};
        const HttpReply refused = m_api->sendJson("POST", QStringLiteral("/api/v1/categories"), category,
                                                  {{"Authorization", "Bearer " + token}});
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.header("Content-Type"), QByteArray("application/problem+json"));
        // while the manager's own login still gets through
        const QByteArray managerToken =
            login(QStringLiteral("manager"), QStringLiteral("manager123")).json().value(QStringLiteral("accessToken")).toString().toLatin1();
        QCOMPARE(m_api->sendJson("POST", QStringLiteral("/api/v1/categories"), category,
                                 {{"Authorization", "Bearer " + managerToken}})
                     .status,
                 201);
    }

    void wrongPasswordAndUnknownUserAre401Alike()
    {
        const HttpReply wrong = login(QStringLiteral("manager"), QStringLiteral("nope-nope"));
        const HttpReply unknown = login(QStringLiteral("nobody"), QStringLiteral("manager123"));
        QCOMPARE(wrong.status, 401);
        QCOMPARE(unknown.status, 401);
        QCOMPARE(wrong.json().value(QStringLiteral("detail")), unknown.json().value(QStringLiteral("detail")));
        QCOMPARE(wrong.header("Content-Type"), QByteArray("application/problem+json"));
    }

    void missingFieldsAndBadJsonAre400WithTheField()
    {
        const HttpReply missing = m_api->sendJson("POST", QStringLiteral("/api/v1/auth/login"), {{QStringLiteral("username"), QStringLiteral("manager")}});
        QCOMPARE(missing.status, 400);
        QCOMPARE(missing.json().value(QStringLiteral("errors")).toArray().first().toObject().value(QStringLiteral("field")).toString(),
                 QStringLiteral("password"));
        QCOMPARE(m_api->send("POST", QStringLiteral("/api/v1/auth/login"), "{not json").status, 400);
        QCOMPARE(m_api->sendJson("POST", QStringLiteral("/api/v1/auth/login"),
                                 {{QStringLiteral("username"), 5}, {QStringLiteral("password"), QStringLiteral("x")}}).status,
                 400);
    }

    void fiveFailuresInAMinuteAreThrottledWithRetryAfter()
    {
        for (int i = 0; i < 5; ++i)
            QCOMPARE(login(QStringLiteral("manager"), QStringLiteral("guess-%1").arg(i)).status, 401);

        const HttpReply throttled = login(QStringLiteral("manager"), QStringLiteral("manager123"));
        QCOMPARE(throttled.status, 429);
        const int retryAfter = throttled.header("Retry-After").toInt();
        QVERIFY2(retryAfter > 0 && retryAfter <= 60, throttled.header("Retry-After").constData());

        m_api->clock().advance(61);
        QCOMPARE(login(QStringLiteral("manager"), QStringLiteral("manager123")).status, 200);
    }
};

QTEST_GUILESS_MAIN(AuthApiTest)
#include "tst_authapi.moc"
