#include "authservice.h"

#include "core/clock.h"
#include "core/log.h"
#include "db/database.h"

namespace shop {

AuthService::AuthService(Database &database, const AccessTokens &tokens, HashingLimits limits)
    : m_database(database)
    , m_tokens(tokens)
    , m_users(database)
    , m_hashing(limits.threads, limits.maxWaiting)
    , m_dummyHash(PasswordHasher::hash("no such user"))
{
}

const QString AuthService::kLocalSource = QStringLiteral("local");

Result<AccessToken> AuthService::login(const QString &username, const QByteArray &password, const QString &source,
                                       qint64 *lockedForSeconds)
{
    const QDateTime now = m_tokens.clock().now();
    const DbResult<std::optional<UserCredentials>> found = m_database.run(
        [&](QSqlDatabase &) { return m_users.findActiveCredentials(username, source, now); },
        Database::Retry::OnceIfConnectionLost);
    if (!found) {
        log::error("auth", QStringLiteral("cannot read users"), {{QStringLiteral("error"), found.error().text()}});
        return ServiceError::unavailable(QStringLiteral("login is unavailable right now"));
    }
    const std::optional<UserCredentials> &user = found.value();
    if (user && user->lockedForSeconds > 0) {
        if (lockedForSeconds)
            *lockedForSeconds = user->lockedForSeconds;
        return ServiceError{ServiceError::Kind::Forbidden,
                            QStringLiteral("too many failed logins here; try again in %1 s or ask a manager "
                                           "to lift the lockout")
                                .arg(user->lockedForSeconds),
                            {}};
    }
    const std::optional<bool> matches = m_hashing.verify(password, user ? user->passwordHash : m_dummyHash);
    if (!matches)
        return ServiceError::unavailable(QStringLiteral("too many logins are being checked; try again shortly"));
    if (user) {
        const bool isRight = *matches;
        record(m_database.run(
            [&](QSqlDatabase &) {
                return isRight ? m_users.recordSuccessfulLogin(user->id, source, now)
                               : m_users.recordFailedLogin(user->id, source, kFreeFailures, now);
            },
            Database::Retry::Never));
    }
    if (!user || !*matches)
        return ServiceError{ServiceError::Kind::Unauthorized, QStringLiteral("wrong username or password"), {}};
    return m_tokens.issue(username, user->roles, user->tokenVersion);
}

void AuthService::record(const DbResult<Done> &outcome)
{
    // The login's answer stands: a lost count must not refuse a right password.
    if (!outcome)
        log::warn("auth", QStringLiteral("cannot record a login attempt"),
                  {{QStringLiteral("error"), outcome.error().text()}});
}

} // namespace shop
