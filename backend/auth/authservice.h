#pragma once

#include "accesstokens.h"
#include "core/errors.h"
#include "passwordhashingpool.h"
#include "userrepository.h"

namespace shop {

class Database;

// How much password hashing may run at once (PasswordHashingPool).
struct HashingLimits
{
    int threads = 1;
    int maxWaiting = 4;
};

// Checks a username and password against auth.users and issues a token.
class AuthService
{
public:
    AuthService(Database &database, const AccessTokens &tokens, HashingLimits limits = {});

    // Unauthorized for an unknown user, a wrong password or an inactive
    // account alike, so the answer does not reveal which usernames exist;
    // Unavailable when the database is down or too many logins are being
    // checked at once (both worth retrying shortly).
    Result<AccessToken> login(const QString &username, const QByteArray &password);

private:
    Database &m_database;
    const AccessTokens &m_tokens;
    UserRepository m_users;
    PasswordHashingPool m_hashing;
    // What an unknown user's password is checked against, so that every
    // attempt costs exactly one hash with the same work factor.
    const PasswordHash m_dummyHash;
};

} // namespace shop
