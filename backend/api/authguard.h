#pragma once

#include "auth/accesstokens.h"
#include "auth/userrepository.h"
#include "core/errors.h"
#include "http/httpmessage.h"

namespace shop {

// Reads the Bearer token of a request: 401 when it is missing, malformed,
// forged, not HS256 or expired, or when its account has since been
// deactivated or given a new password; 403 when valid but without the role.
// That last check costs one lookup on auth.users' username index per
// authenticated request (docs/performance.md, "Token checks"); 503 when the
// database cannot answer it.
class AuthGuard
{
public:
    AuthGuard(const AccessTokens &tokens, Database &database);

    Result<Principal> authenticate(const HttpRequest &request) const;
    Result<Principal> requireRole(const HttpRequest &request, const QString &role) const;
    Result<Principal> requireManager(const HttpRequest &request) const
    {
        return requireRole(request, QStringLiteral("MANAGER"));
    }

private:
    Result<Principal> stillCurrent(const Principal &principal) const;

    const AccessTokens &m_tokens;
    Database &m_database;
    UserRepository m_users;
};

} // namespace shop
