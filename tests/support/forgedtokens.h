#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>

// Bearer tokens a manager-only call must refuse with 401, built by hand so
// they look right in every claim except the one under test.
namespace testsupport {

inline QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// Claims of a manager token, as the server itself would issue at `now`.
inline QJsonObject managerClaims(const QDateTime &now)
{
    const qint64 issuedAt = now.toSecsSinceEpoch();
    return {{QStringLiteral("sub"), QStringLiteral("intruder")},
            {QStringLiteral("roles"), QJsonArray{QStringLiteral("MANAGER")}},
            {QStringLiteral("iss"), QStringLiteral("shop")},
            {QStringLiteral("iat"), issuedAt},
            {QStringLiteral("exp"), issuedAt + 900}};
}

inline QByteArray signingInput(const QByteArray &algorithm, const QJsonObject &claims)
{
    const QJsonObject header{{QStringLiteral("alg"), QString::fromLatin1(algorithm)}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
    return base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
}

// A well-formed HS256 manager token signed with the given secret.
inline QByteArray bearerSignedWith(const QByteArray &secret, const QDateTime &now)
{
    const QByteArray input = signingInput("HS256", managerClaims(now));
    return "Bearer " + input + '.' + base64Url(QMessageAuthenticationCode::hash(input, secret, QCryptographicHash::Sha256));
}

// The same, signed with a secret the server does not know.
inline QByteArray bearerSignedWithOtherSecret(const QDateTime &now)
{
    return bearerSignedWith("some-other-secret-of-at-least-32-bytes", now);
}

// The classic "alg":"none" forgery: an unsigned manager token.
inline QByteArray bearerWithAlgNone(const QDateTime &now)
{
    return "Bearer " + signingInput("none", managerClaims(now)) + '.';
}

} // namespace testsupport
