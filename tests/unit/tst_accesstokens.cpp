#include "auth/accesstokens.h"
#include "core/settings.h"
#include "testclock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QtTest>

using namespace shop;
using Failure = AccessTokens::Failure;

class AccessTokensTest : public QObject
{
    Q_OBJECT

private:
    testsupport::TestClock m_clock;
    const QByteArray m_secret = QByteArray("a-secret-that-is-at-least-32-bytes!");

    static QByteArray base64Url(const QByteArray &data)
    {
        return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    }

private Q_SLOTS:
    void anIssuedTokenVerifiesWithItsSubjectAndRoles()
    {
        AccessTokens tokens(m_secret, QStringLiteral("shop"), m_clock);
        const AccessToken token = tokens.issue(QStringLiteral("alice"), {QStringLiteral("MANAGER")});
        QCOMPARE(token.expiresInSeconds, 900);
        const auto verification = tokens.verify(token.token);
        QCOMPARE(verification.failure, Failure::None);
        QCOMPARE(verification.principal.username, QStringLiteral("alice"));
        QVERIFY(verification.principal.hasRole(QStringLiteral("MANAGER")));
    }

    void theAccountsTokenVersionTravelsInTheToken()
    {
        AccessTokens tokens(m_secret, QStringLiteral("shop"), m_clock);
        QCOMPARE(tokens.verify(tokens.issue(QStringLiteral("alice"), {}, 7).token).principal.tokenVersion, 7);
        QCOMPARE(tokens.verify(tokens.issue(QStringLiteral("alice"), {}).token).principal.tokenVersion, 0);
    }

    void aTokenSignedWithAnotherSecretIsRefused()
    {
        AccessTokens ours(m_secret, QStringLiteral("shop"), m_clock);
        AccessTokens theirs(QByteArray("another-secret-of-32-bytes-or-more"), QStringLiteral("shop"), m_clock);
        QCOMPARE(ours.verify(theirs.issue(QStringLiteral("mallory"), {QStringLiteral("MANAGER")}).token).failure,
                 Failure::BadSignature);
    }

    // Rotation from S1 to S2 in two rolling restarts: first every instance
    // accepts S2 while still signing with S1, then every instance signs with
    // S2 and still accepts S1. Instances of neighbouring steps run side by
    // side behind one load balancer, so each must accept the other's tokens.
    void aTwoStepRotationKeepsEveryTokenValidOnEveryInstance()
    {
        const QByteArray s1 = m_secret;
        const QByteArray s2("the-next-secret-of-at-least-32-bytes");
        const QString issuer = QStringLiteral("shop");
        const std::chrono::seconds skew(60);
        AccessTokens before(s1, issuer, m_clock);
        AccessTokens stepOne(s1, issuer, m_clock, skew, {s2});
        AccessTokens stepTwo(s2, issuer, m_clock, skew, {s1});
        AccessTokens after(s2, issuer, m_clock);
        const std::vector<std::pair<const AccessTokens *, const AccessTokens *>> sideBySide{
            {&before, &stepOne}, {&stepOne, &stepTwo}, {&stepTwo, &after}};
        for (const auto &[older, newer] : sideBySide) {
            for (const AccessTokens *issuing : {older, newer}) {
                const QByteArray token = issuing->issue(QStringLiteral("alice"), {QStringLiteral("MANAGER")}).token;
                QCOMPARE(older->verify(token).failure, Failure::None);
                QCOMPARE(newer->verify(token).failure, Failure::None);
                QCOMPARE(newer->verify(token).principal.username, QStringLiteral("alice"));
            }
        }
        // Once the old secret is dropped, its tokens are refused.
        QCOMPARE(after.verify(before.issue(QStringLiteral("alice"), {}).token).failure, Failure::BadSignature);
        // A previous secret only verifies: stepTwo signs with S2.
        QCOMPARE(before.verify(stepTwo.issue(QStringLiteral("alice"), {}).token).failure, Failure::BadSignature);
    }

    void atMostThreePreviousSecretsAreAccepted()
    {
        QList<QByteArray> previous;
        for (char c : {'1', '2', '3', '4'})
            previous.append(QByteArray(32, c));
        AccessTokens tokens(m_secret, QStringLiteral("shop"), m_clock, std::chrono::seconds(60), previous);
        for (int i = 0; i < previous.size(); ++i) {
            AccessTokens signer(previous.at(i), QStringLiteral("shop"), m_clock);
            const Failure got = tokens.verify(signer.issue(QStringLiteral("bob"), {}).token).failure;
            QCOMPARE(got, i < kMaxJwtPreviousSecrets ? Failure::None : Failure::BadSignature);
        }
    }

    void anUnsignedAlgNoneTokenIsRefused()
    {
        AccessTokens tokens(m_secret, QStringLiteral("shop"), m_clock);
        const qint64 now = m_clock.now().toSecsSinceEpoch();
        const QByteArray header = base64Url(R"({"alg":"none","typ":"JWT"})");
        const QByteArray claims = base64Url(QJsonDocument(QJsonObject{
            {QStringLiteral("sub"), QStringLiteral("mallory")}, {QStringLiteral("iss"), QStringLiteral("shop")},
            {QStringLiteral("roles"), QJsonArray{QStringLiteral("MANAGER")}}, {QStringLiteral("iat"), now},
            {QStringLiteral("exp"), now + 600}}).toJson(QJsonDocument::Compact));
        QVERIFY(tokens.verify(header + '.' + claims + '.').failure != Failure::None);
        QVERIFY(tokens.verify(header + '.' + claims + ".c2lnbmF0dXJl").failure != Failure::None);
    }

    void aTamperedPayloadIsRefused()
    {
        AccessTokens tokens(m_secret, QStringLiteral("shop"), m_clock);
        QList<QByteArray> parts = tokens.issue(QStringLiteral("bob"), {QStringLiteral("CUSTOMER")}).token.split('.');
        QJsonObject claims = QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding)).object();
        claims.insert(QStringLiteral("roles"), QJsonArray{QStringLiteral("MANAGER")});
        parts[1] = base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
        QCOMPARE(tokens.verify(parts.join('.')).failure, Failure::BadSignature);
    }

    void aTokenExpiresAfter15Minutes()
    {
        AccessTokens tokens(m_secret, QStringLiteral("shop"), m_clock);
        const QByteArray token = tokens.issue(QStringLiteral("alice"), {QStringLiteral("MANAGER")}).token;
        m_clock.advance(14 * 60);
        QCOMPARE(tokens.verify(token).failure, Failure::None);
        m_clock.advance(61);
        QCOMPARE(tokens.verify(token).failure, Failure::Expired);
    }

    void aTokenFromTheFutureIsRefusedBeyondTheClockSkew()
    {
        testsupport::TestClock ourClock;
        AccessTokens ours(m_secret, QStringLiteral("shop"), ourClock); // 60 s of skew allowed
        testsupport::TestClock slightlyAhead;
        slightlyAhead.advance(30);
        AccessTokens nearby(m_secret, QStringLiteral("shop"), slightlyAhead);
        QCOMPARE(ours.verify(nearby.issue(QStringLiteral("alice"), {}).token).failure, Failure::None);
        testsupport::TestClock farAhead;
        farAhead.advance(120);
        AccessTokens wrongClock(m_secret, QStringLiteral("shop"), farAhead);
        QCOMPARE(ours.verify(wrongClock.issue(QStringLiteral("alice"), {}).token).failure, Failure::NotYetValid);
    }

    void aTokenNotValidBeforeALaterTimeIsRefusedUntilThen()
    {
        AccessTokens tokens(m_secret, QStringLiteral("shop"), m_clock);
        const qint64 now = m_clock.now().toSecsSinceEpoch();
        const QByteArray header = base64Url(R"({"alg":"HS256","typ":"JWT"})");
        const QByteArray claims = base64Url(QJsonDocument(QJsonObject{
            {QStringLiteral("sub"), QStringLiteral("alice")}, {QStringLiteral("iss"), QStringLiteral("shop")},
            {QStringLiteral("roles"), QJsonArray{}}, {QStringLiteral("iat"), now},
            {QStringLiteral("nbf"), now + 300}, {QStringLiteral("exp"), now + 900}}).toJson(QJsonDocument::Compact));
        const QByteArray signature = base64Url(
            QMessageAuthenticationCode::hash(header + '.' + claims, m_secret, QCryptographicHash::Sha256));
        const QByteArray token = header + '.' + claims + '.' + signature;
        QCOMPARE(tokens.verify(token).failure, Failure::NotYetValid);
        m_clock.advance(300 - 60);
        QCOMPARE(tokens.verify(token).failure, Failure::None);
    }

    void anotherIssuerAndGarbageAreRefused()
    {
        AccessTokens ours(m_secret, QStringLiteral("shop"), m_clock);
        AccessTokens other(m_secret, QStringLiteral("elsewhere"), m_clock);
        QCOMPARE(ours.verify(other.issue(QStringLiteral("alice"), {}).token).failure, Failure::WrongIssuer);
        QCOMPARE(ours.verify("not-a-token").failure, Failure::Malformed);
        QVERIFY(ours.verify("a.b.c").failure != Failure::None);
    }
};

QTEST_GUILESS_MAIN(AccessTokensTest)
#include "tst_accesstokens.moc"
