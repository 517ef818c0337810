#pragma once

#include "auth/accesstokens.h"
#include "core/errors.h"
#include "http/httpmessage.h"

namespace shop {

// Reads the Bearer token of a request: 401 when it is missing, malformed,
// forged, not HS256 or expired; 403 when valid but without the role.
class AuthGuard
{
public:
    explicit AuthGuard(const AccessTokens &tokens);

    Result<Principal> authenticate(const HttpRequest &request) const;
    Result<Principal> requireRole(const HttpRequest &request, const QString &role) const;
    Result<Principal> requireManager(const HttpRequest &request) const
    {
        return requireRole(request, QStringLiteral("MANAGER"));
    }

private:
    const AccessTokens &m_tokens;
};

} // namespace shop
