#pragma once

#include "db/dbresult.h"
#include "passwordhasher.h"

#include <QDateTime>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace shop {

class Database;

// What login checks a password against.
struct UserCredentials
{
    QUuid id;
    PasswordHash passwordHash;
    QStringList roles; // MANAGER, CASHIER, CUSTOMER
    int tokenVersion = 0;
    qint64 lockedForSeconds = 0; // > 0 while failed logins lock the account for this source
};

// One account as the Staff screen and `shop user list` show it.
struct UserAccount
{
    QString username;
    QStringList roles;
    bool isActive = true;
    std::optional<QDateTime> lastLoginAt;
    int failedLogins = 0;                 // in the last day, from every source
    std::optional<QDateTime> lockedUntil; // the latest lock of any source, only while in the future
};

// All SQL on auth.users and auth.login_failures. Each call runs one
// statement on the calling thread's connection; callers run it inside
// Database::run.
class UserRepository
{
public:
    explicit UserRepository(Database &database);

    // Sources (client addresses) whose failures an account keeps at most.
    static constexpr int kMaxSourcesPerAccount = 100;

    // Empty for an unknown username and for an inactive account alike;
    // source: where the login comes from (its lockout is the one read).
    // now: the application's clock (injectable in tests), as below.
    DbResult<std::optional<UserCredentials>> findActiveCredentials(const QString &username, const QString &source,
                                                                   const QDateTime &now) const;
    // False when the username is taken (nothing is written then).
    DbResult<bool> insert(const QString &username, const PasswordHash &passwordHash, const QString &role) const;

    // Accounts by username, at most limit; staffOnly: managers and cashiers;
    // failures of the day and locks as of now.
    DbResult<QList<UserAccount>> list(bool staffOnly, int limit, const QDateTime &now) const;
    // The next four answer false for an unknown username.
    // A new password ends the account's tokens and its lockout.
    DbResult<bool> setPassword(const QString &username, const PasswordHash &passwordHash) const;
    // Never deleted: marked inactive, its tokens ended.
    DbResult<bool> deactivate(const QString &username) const;
    DbResult<bool> liftLockout(const QString &username) const;

    // Clears that source's failures and records the login time.
    DbResult<Done> recordSuccessfulLogin(const QUuid &userId, const QString &source, const QDateTime &now) const;
    // Counts one more failure of (account, source); from the freeFailures-th
    // on, that source is locked out of the account for a second, doubling
    // with each further failure up to five minutes.
    DbResult<Done> recordFailedLogin(const QUuid &userId, const QString &source, int freeFailures,
                                     const QDateTime &now) const;

    // Whether a token of username with that version still speaks for an
    // active account: one lookup on the username's unique index.
    DbResult<bool> isTokenCurrent(const QString &username, int tokenVersion) const;

private:
    Database &m_database;
};

} // namespace shop
