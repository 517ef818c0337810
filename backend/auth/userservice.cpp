#include "userservice.h"

#include "db/database.h"
#include "passwordhasher.h"

#include <QRegularExpression>

namespace shop {

UserService::UserService(Database &database)
    : m_database(database)
    , m_users(database)
{
}

const QString UserService::kUnknownRoleMessage = QStringLiteral("--role must be manager, cashier or customer");

QString UserService::roleNamed(const QString &role)
{
    const QString upperRole = role.toUpper();
    if (upperRole == u"MANAGER" || upperRole == u"CASHIER" || upperRole == u"CUSTOMER")
        return upperRole;
    return {};
}

UserService::Result UserService::addUser(const QString &username, const QString &role, const QByteArray &password)
{
    static const QRegularExpression namePattern(QStringLiteral(R"(^[A-Za-z0-9._@-]{1,100}$)"));
    if (!namePattern.match(username).hasMatch())
        return {Outcome::InvalidInput,
                QStringLiteral("username must be 1 to 100 letters, digits or . _ @ -")};
    const QString upperRole = roleNamed(role);
    if (upperRole.isEmpty())
        return {Outcome::InvalidInput, kUnknownRoleMessage};
    if (password.size() < kMinPasswordLength)
        return {Outcome::InvalidInput,
                QStringLiteral("password must have at least %1 characters").arg(kMinPasswordLength)};

    const PasswordHash hash = PasswordHasher::hash(password);
    const DbResult<bool> inserted = m_database.run(
        [&](QSqlDatabase &) { return m_users.insert(username, hash, upperRole); },
        Database::Retry::OnceIfConnectionLost);
    if (!inserted)
        return {Outcome::DatabaseError, QStringLiteral("cannot store the user: %1").arg(inserted.error().text())};
    if (!inserted.value())
        return {Outcome::AlreadyExists, QStringLiteral("user '%1' already exists").arg(username)};
    return {};
}

} // namespace shop
