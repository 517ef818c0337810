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
    qint64 lockedForSeconds = 0; // > 0 while failed logins lock the account
};

// One account as the Staff screen and `shop user list` show it.
struct UserAccount
{
    QString username;
    QStringList roles;
    bool isActive = true;
    std::optional<QDateTime> lastLoginAt;
    int failedLogins = 0;                 // consecutive, since the last success
    std::optional<QDateTime> lockedUntil; // only while in the future
};

// All SQL on auth.users and auth.login_failures. Each call runs one
// statement on the calling thread's connection; callers run it inside
// Database::run.
class UserRepository
{
public:
    explicit UserRepository(Database &database);

    // Empty for an unknown username and for an inactive account alike.
    DbResult<std::optional<UserCredentials>> findActiveCredentials(const QString &username) const;
    // False when the username is taken (nothing is written then).
    DbResult<bool> insert(const QString &username, const PasswordHash &passwordHash, const QString &role) const;

    // Accounts by username, at most limit; staffOnly: managers and cashiers.
    DbResult<QList<UserAccount>> list(bool staffOnly, int limit) const;
    // The next four answer false for an unknown username.
    // A new password ends the account's tokens and its lockout.
    DbResult<bool> setPassword(const QString &username, const PasswordHash &passwordHash) const;
    // Never deleted: marked inactive, its tokens ended.
    DbResult<bool> deactivate(const QString &username) const;
    DbResult<bool> liftLockout(const QString &username) const;

    DbResult<Done> recordSuccessfulLogin(const QUuid &userId) const;
    // Counts one more failure; from the freeFailures-th on, the account is
    // locked for a minute, doubling with each further failure up to 15.
    DbResult<Done> recordFailedLogin(const QUuid &userId, int freeFailures) const;

    // Whether a token of username with that version still speaks for an
    // active account: one lookup on the username's unique index.
    DbResult<bool> isTokenCurrent(const QString &username, int tokenVersion) const;

private:
    Database &m_database;
};

} // namespace shop
