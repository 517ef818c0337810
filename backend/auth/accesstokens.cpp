#include "accesstokens.h"

#include "core/clock.h"
#include "core/settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <jwt.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace shop {

namespace {

struct JwtDeleter
{
    void operator()(jwt_t *jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct StringDeleter
{
    void operator()(char *text) const { std::free(text); } // libjwt 1.10 strings come from malloc
};
using JwtString = std::unique_ptr<char, StringDeleter>;

JwtPtr decodeWith(const QByteArray &token, const QByteArray &secret)
{
    jwt_t *raw = nullptr;
    if (jwt_decode(&raw, token.constData(), reinterpret_cast<const unsigned char *>(secret.constData()),
                   static_cast<int>(secret.size()))
        != 0)
        return nullptr;
    return JwtPtr(raw);
}

// The current secret first: after a rotation almost every token uses it.
JwtPtr decodeWithAny(const QByteArray &token, const QByteArray &secret, const QList<QByteArray> &previousSecrets)
{
    JwtPtr jwt = decodeWith(token, secret);
    for (qsizetype i = 0; !jwt && i < previousSecrets.size(); ++i)
        jwt = decodeWith(token, previousSecrets.at(i));
    return jwt;
}

} // namespace

AccessTokens::AccessTokens(QByteArray secret, QString issuer, const Clock &clock, std::chrono::seconds clockSkew,
                           QList<QByteArray> previousSecrets)
    : m_secret(std::move(secret))
    , m_previousSecrets(previousSecrets.mid(0, kMaxJwtPreviousSecrets))
    , m_issuer(std::move(issuer))
    , m_clock(clock)
    , m_clockSkew(clockSkew)
{
}

AccessToken AccessTokens::issue(const QString &username, const QStringList &roles, int tokenVersion) const
{
    jwt_t *raw = nullptr;
    jwt_new(&raw);
    JwtPtr jwt(raw);
    const qint64 issuedAt = m_clock.now().toSecsSinceEpoch();
    jwt_add_grant(jwt.get(), "sub", username.toUtf8().constData());
    jwt_add_grant(jwt.get(), "iss", m_issuer.toUtf8().constData());
    jwt_add_grant_int(jwt.get(), "iat", static_cast<long>(issuedAt));
    jwt_add_grant_int(jwt.get(), "exp", static_cast<long>(issuedAt + kLifetime.count()));
    jwt_add_grant_int(jwt.get(), "ver", tokenVersion);
    const QByteArray rolesJson =
        QJsonDocument(QJsonObject{{QStringLiteral("roles"), QJsonArray::fromStringList(roles)}}).toJson(QJsonDocument::Compact);
    jwt_add_grants_json(jwt.get(), rolesJson.constData());
    jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char *>(m_secret.constData()),
                static_cast<int>(m_secret.size()));
    JwtString encoded(jwt_encode_str(jwt.get()));
    return {QByteArray(encoded ? encoded.get() : ""), kLifetime.count()};
}

AccessTokens::Verification AccessTokens::verify(const QByteArray &token) const
{
    Verification result;
    // Refuse anything that does not claim HS256 before libjwt looks at it:
    // a token with "alg":"none" must never be taken as signed.
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3 || parts[2].isEmpty()) {
        result.failure = Failure::Malformed;
        return result;
    }
    const QJsonObject header =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding)).object();
    if (header.value(QStringLiteral("alg")).toString() != u"HS256") {
        result.failure = Failure::WrongAlgorithm;
        return result;
    }
    JwtPtr jwt = decodeWithAny(token, m_secret, m_previousSecrets);
    if (!jwt) {
        result.failure = Failure::BadSignature;
        return result;
    }
    if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) {
        result.failure = Failure::WrongAlgorithm;
        return result;
    }
    const char *issuer = jwt_get_grant(jwt.get(), "iss");
    if (!issuer || m_issuer != QString::fromUtf8(issuer)) {
        result.failure = Failure::WrongIssuer;
        return result;
    }
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    const long expires = jwt_get_grant_int(jwt.get(), "exp");
    if (expires <= 0 || now >= expires) {
        result.failure = Failure::Expired;
        return result;
    }
    // Issued or valid only in the future (beyond the skew between our
    // instances' clocks): not a token we issued, or a clock gone wrong.
    const qint64 latestAllowed = now + m_clockSkew.count();
    const long issuedAt = jwt_get_grant_int(jwt.get(), "iat");
    const long notBefore = jwt_get_grant_int(jwt.get(), "nbf"); // optional; 0 when absent
    if (issuedAt <= 0 || issuedAt > latestAllowed || notBefore > latestAllowed) {
        result.failure = issuedAt <= 0 ? Failure::Malformed : Failure::NotYetValid;
        return result;
    }
    const char *subject = jwt_get_grant(jwt.get(), "sub");
    JwtString roles(jwt_get_grants_json(jwt.get(), "roles"));
    if (!subject || !roles) {
        result.failure = Failure::Malformed;
        return result;
    }
    result.principal.username = QString::fromUtf8(subject);
    // libjwt answers -1 for a missing claim: a token from before versions is version 0.
    result.principal.tokenVersion = static_cast<int>(std::max(0L, jwt_get_grant_int(jwt.get(), "ver")));
    for (const QJsonValue &role : QJsonDocument::fromJson(QByteArray(roles.get())).array())
        result.principal.roles.append(role.toString());
    return result;
}

} // namespace shop
