#pragma once

#include "db/dbresult.h"
#include "passwordhasher.h"

#include <QStringList>

#include <optional>

namespace shop {

class Database;

// What login checks a password against.
struct UserCredentials
{
    PasswordHash passwordHash;
    QStringList roles; // MANAGER, CASHIER, CUSTOMER
};

// All SQL on auth.users. Each call runs one statement on the calling
// thread's connection; callers run it inside Database::run.
class UserRepository
{
public:
    explicit UserRepository(Database &database);

    // Empty for an unknown username and for an inactive account alike.
    DbResult<std::optional<UserCredentials>> findActiveCredentials(const QString &username) const;
    // False when the username is taken (nothing is written then).
    DbResult<bool> insert(const QString &username, const PasswordHash &passwordHash, const QString &role) const;

private:
    Database &m_database;
};

} // namespace shop
