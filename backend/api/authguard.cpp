#include "authguard.h"

namespace shop {

namespace {

ServiceError unauthorized(const QString &detail)
{
    return {ServiceError::Kind::Unauthorized, detail, {}};
}

} // namespace

AuthGuard::AuthGuard(const AccessTokens &tokens)
    : m_tokens(tokens)
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
        return verification.principal;
    case AccessTokens::Failure::Expired:
        return unauthorized(QStringLiteral("the token has expired; log in again"));
    default:
        return unauthorized(QStringLiteral("the token is not valid"));
    }
}

Result<Principal> AuthGuard::requireRole(const HttpRequest &request, const QString &role) const
{
    Result<Principal> principal = authenticate(request);
    if (principal && !principal->hasRole(role))
        return ServiceError{ServiceError::Kind::Forbidden, QStringLiteral("this call needs the %1 role").arg(role), {}};
    return principal;
}

} // namespace shop
