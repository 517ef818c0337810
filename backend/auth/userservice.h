#pragma once

#include "userrepository.h"

#include <QString>

namespace shop {

class Database;

// Creates users of the auth schema. Login lives with the REST auth API.
class UserService
{
public:
    enum class Outcome { Created, InvalidInput, AlreadyExists, DatabaseError };
    struct Result
    {
        Outcome outcome = Outcome::Created;
        QString message; // one line for the operator when not Created
    };

    explicit UserService(Database &database);

    // role: manager, cashier or customer (case-insensitive).
    Result addUser(const QString &username, const QString &role, const QByteArray &password);

    // The stored name of role (MANAGER, CASHIER or CUSTOMER, from any case),
    // or an empty string for a role that does not exist.
    static QString roleNamed(const QString &role);
    static const QString kUnknownRoleMessage;

    static constexpr int kMinPasswordLength = 8;

private:
    Database &m_database;
    UserRepository m_users;
};

} // namespace shop
