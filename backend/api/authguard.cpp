#include "authguard.h"

#include "core/log.h"
#include "db/database.h"

namespace shop {

namespace {

ServiceError unauthorized(const QString &detail)
{
    return {ServiceError::Kind::Unauthorized, detail, {}};
}

} // namespace

AuthGuard::AuthGuard(const AccessTokens &tokens, Database &database)
    : m_tokens(tokens)
    , m_database(database)
    , m_users(database)
{
}

Result<Principal> AuthGuard::authenticate(const HttpRequest &request) const
{
    const QByteArray header = request.header("authorization");
    if (header.isEmpty())
        return unauthorized(QStringLiteral("this call needs an Authorization: Bearer token"));
    if (!header.startsWith("Bearer ") || header.size() <= 7)
        return unauthorized(QStringLiteral("the Authorization header must be 'Bearer <token>'"));
    const AccessTokens::Verification verification = m_tokens.verify(header.mid(7).trimmed());
    switch (verification.failure) {
    case AccessTokens::Failure::None:
        return stillCurrent(verification.principal);
    case AccessTokens::Failure::Expired:
        return unauthorized(QStringLiteral("the token has expired; log in again"));
    default:
        return unauthorized(QStringLiteral("the token is not valid"));
    }
}

Result<Principal> AuthGuard::stillCurrent(const Principal &principal) const
{
    const DbResult<bool> current = m_database.run(
        [&](QSqlDatabase &) { return m_users.isTokenCurrent(principal.username, principal.tokenVersion); },
        Database::Retry::OnceIfConnectionLost);
    if (!current) {
        log::error("auth", QStringLiteral("cannot check a token's account"),
                   {{QStringLiteral("error"), current.error().text()}});
        return ServiceError::unavailable(QStringLiteral("cannot check the token right now"));
    }
    if (!current.value())
        return unauthorized(QStringLiteral("the token is no longer valid (account deactivated or password "
                                           "changed); log in again"));
    return principal;
}

Result<Principal> AuthGuard::requireRole(const HttpRequest &request, const QString &role) const
{
    Result<Principal> principal = authenticate(request);
    if (principal && !principal->hasRole(role))
        return ServiceError{ServiceError::Kind::Forbidden, QStringLiteral("this call needs the %1 role").arg(role), {}};
    return principal;
}

} // namespace shop
