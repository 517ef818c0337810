#pragma once

#include "userrepository.h"

#include <QString>

namespace shop {

class Database;

// Creates and manages the accounts of the auth schema (Staff screen and
// `shop user`). Login lives with AuthService.
class UserService
{
public:
    // Done: the change is made (Created for addUser).
    enum class Outcome { Created, Done = Created, InvalidInput, AlreadyExists, NotFound, DatabaseError };
    struct Result
    {
        Outcome outcome = Outcome::Done;
        QString message; // one line for the operator when not Done
        QString field;   // for InvalidInput: username, role or password
    };

    explicit UserService(Database &database);

    // role: manager, cashier or customer (case-insensitive).
    Result addUser(const QString &username, const QString &role, const QByteArray &password);
    // A new password also ends every token issued before and the lockout.
    Result resetPassword(const QString &username, const QByteArray &password);
    // The account stays (orders and shifts name it) but can no longer log
    // in, and its tokens stop working at their next request.
    Result deactivate(const QString &username);
    // Forgets the account's failed logins, so it may log in again at once.
    Result liftLockout(const QString &username);

    struct Accounts
    {
        QList<UserAccount> accounts; // by username, at most kMaxListed
        QString error;               // when the database could not answer
    };
    // staffOnly: managers and cashiers; now: the clock logins count by.
    Accounts list(bool staffOnly, const QDateTime &now = QDateTime::currentDateTimeUtc());
    static constexpr int kMaxListed = 1000;

    // The stored name of role (MANAGER, CASHIER or CUSTOMER, from any case),
    // or an empty string for a role that does not exist.
    static QString roleNamed(const QString &role);
    static const QString kUnknownRoleMessage;

    static constexpr int kMinPasswordLength = 8;
    static constexpr int kMaxPasswordLength = 1024;
    // Empty when password follows the rule, else why not.
    static QString passwordProblem(const QByteArray &password);
    // Empty when username is a valid name, else why not.
    static QString usernameProblem(const QString &username);

private:
    Result changed(const DbResult<bool> &outcome, const QString &username, const QString &what);

    Database &m_database;
    UserRepository m_users;
};

} // namespace shop
