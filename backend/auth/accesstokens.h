#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <chrono>

namespace shop {

class Clock;

struct AccessToken
{
    QByteArray token;
    qint64 expiresInSeconds = 0;
};

// Who a valid token speaks for.
struct Principal
{
    QString username;
    QStringList roles;
    int tokenVersion = 0; // the account's token_version when issued ("ver"; 0 when absent)

    bool hasRole(const QString &role) const { return roles.contains(role); }
};

// Issues and verifies HS256 JWTs (sub, roles, ver, iat, exp, iss) with libjwt.
class AccessTokens
{
public:
    static constexpr std::chrono::seconds kLifetime{15 * 60};
    // clockSkew: how far another instance's clock may be ahead of ours when
    // it issued a token (iat and nbf in the future by more are refused).
    // previousSecrets: verify tokens signed with them too (never sign), so
    // the secret can change instance by instance without logging anyone
    // out; at most kMaxJwtPreviousSecrets (core/settings.h), more are ignored.
    AccessTokens(QByteArray secret, QString issuer, const Clock &clock,
                 std::chrono::seconds clockSkew = std::chrono::seconds(60), QList<QByteArray> previousSecrets = {});

    AccessToken issue(const QString &username, const QStringList &roles, int tokenVersion = 0) const;

    enum class Failure { None, Malformed, BadSignature, WrongAlgorithm, Expired, NotYetValid, WrongIssuer };
    struct Verification
    {
        Failure failure = Failure::None;
        Principal principal; // when failure is None
    };
    Verification verify(const QByteArray &token) const;
    // The clock tokens are issued and checked by, which login also counts
    // failures and lockouts by.
    const Clock &clock() const { return m_clock; }

private:
    QByteArray m_secret;
    QList<QByteArray> m_previousSecrets;
    QString m_issuer;
    const Clock &m_clock;
    std::chrono::seconds m_clockSkew;
};

} // namespace shop
