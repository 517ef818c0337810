#include "userservice.h"

#include "db/database.h"
#include "passwordhasher.h"

#include <QRegularExpression>

namespace shop {

UserService::UserService(Database &database)
    : m_database(database)
{
}

UserService::Result UserService::addUser(const QString &username, const QString &role, const QByteArray &password)
{
    static const QRegularExpression namePattern(QStringLiteral(R"(^[A-Za-z0-9._@-]{1,100}$)"));
    if (!namePattern.match(username).hasMatch())
        return {Outcome::InvalidInput,
                QStringLiteral("username must be 1 to 100 letters, digits or . _ @ -")};
    const QString upperRole = role.toUpper();
    if (upperRole != u"MANAGER" && upperRole != u"CASHIER" && upperRole != u"CUSTOMER")
        return {Outcome::InvalidInput, QStringLiteral("--role must be manager, cashier or customer")};
    if (password.size() < kMinPasswordLength)
        return {Outcome::InvalidInput,
                QStringLiteral("password must have at least %1 characters").arg(kMinPasswordLength)};

    const PasswordHash hash = PasswordHasher::hash(password);
    bool inserted = false;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &db) {
            QSqlQuery query(db);
            query.prepare(QStringLiteral(
                "INSERT INTO auth.users (username, password_hash, password_salt, password_iterations, roles) "
                "VALUES (?, ?, ?, ?, ARRAY[?]::text[]) ON CONFLICT DO NOTHING"));
            execPrepared(query, {username, QString::fromLatin1(hash.hashHex), QString::fromLatin1(hash.saltHex),
                                 hash.iterations, upperRole});
            inserted = query.numRowsAffected() == 1;
            return query.lastError();
        },
        Database::Retry::OnceIfConnectionLost);
    if (error.isValid())
        return {Outcome::DatabaseError, QStringLiteral("cannot store the user: %1").arg(error.text())};
    if (!inserted)
        return {Outcome::AlreadyExists, QStringLiteral("user '%1' already exists").arg(username)};
    return {};
}

} // namespace shop
