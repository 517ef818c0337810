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

    // Where a login comes from: the client address for REST, kLocalSource
    // for the till and the manager window.
    static const QString kLocalSource;

    // Unauthorized for an unknown user, a wrong password or an inactive
    // account alike, so the answer does not reveal which usernames exist;
    // Unavailable when the database is down or too many logins are being
    // checked at once (both worth retrying shortly); Forbidden while failed
    // logins from source lock it out of the account (lockedForSeconds then
    // says how long). Failures and successes of existing accounts are
    // recorded in the database (the Staff screen shows them); a success
    // also records the last login.
    Result<AccessToken> login(const QString &username, const QByteArray &password,
                              const QString &source = kLocalSource, qint64 *lockedForSeconds = nullptr);

    // Failed logins in a row from one source before it is locked out of
    // the account (as LoginThrottle's per username and address).
    static constexpr int kFreeFailures = 5;

private:
    static void record(const DbResult<Done> &outcome);

    Database &m_database;
    const AccessTokens &m_tokens;
    UserRepository m_users;
    PasswordHashingPool m_hashing;
    // What an unknown user's password is checked against, so that every
    // attempt costs exactly one hash with the same work factor.
    const PasswordHash m_dummyHash;
};

} // namespace shop
