#pragma once

#include "accesstokens.h"
#include "core/errors.h"
#include "userrepository.h"

namespace shop {

class Database;

// Checks a username and password against auth.users and issues a token.
class AuthService
{
public:
    AuthService(Database &database, const AccessTokens &tokens);

    // Unauthorized for an unknown user, a wrong password or an inactive
    // account alike, so the answer does not reveal which usernames exist.
    Result<AccessToken> login(const QString &username, const QByteArray &password);

private:
    Database &m_database;
    const AccessTokens &m_tokens;
    UserRepository m_users;
};

} // namespace shop
