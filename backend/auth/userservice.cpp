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

QString UserService::passwordProblem(const QByteArray &password)
{
    if (password.size() < kMinPasswordLength)
        return QStringLiteral("password must have at least %1 characters").arg(kMinPasswordLength);
    if (password.size() > kMaxPasswordLength)
        return QStringLiteral("password must have at most %1 characters").arg(kMaxPasswordLength);
    return {};
}

QString UserService::usernameProblem(const QString &username)
{
    static const QRegularExpression namePattern(QStringLiteral(R"(^[A-Za-z0-9._@-]{1,100}$)"));
    if (!namePattern.match(username).hasMatch())
        return QStringLiteral("username must be 1 to 100 letters, digits or . _ @ -");
    return {};
}

UserService::Result UserService::addUser(const QString &username, const QString &role, const QByteArray &password)
{
    if (const QString problem = usernameProblem(username); !problem.isEmpty())
        return {Outcome::InvalidInput, problem, QStringLiteral("username")};
    const QString upperRole = roleNamed(role);
    if (upperRole.isEmpty())
        return {Outcome::InvalidInput, kUnknownRoleMessage, QStringLiteral("role")};
    if (const QString problem = passwordProblem(password); !problem.isEmpty())
        return {Outcome::InvalidInput, problem, QStringLiteral("password")};

    const PasswordHash hash = PasswordHasher::hash(password);
    const DbResult<bool> inserted = m_database.run(
        [&](QSqlDatabase &) { return m_users.insert(username, hash, upperRole); },
        Database::Retry::OnceIfConnectionLost);
    if (!inserted)
        return {Outcome::DatabaseError, QStringLiteral("cannot store the user: %1").arg(inserted.error().text()), {}};
    if (!inserted.value())
        return {Outcome::AlreadyExists, QStringLiteral("user '%1' already exists").arg(username),
                QStringLiteral("username")};
    return {};
}

UserService::Result UserService::resetPassword(const QString &username, const QByteArray &password)
{
    if (const QString problem = passwordProblem(password); !problem.isEmpty())
        return {Outcome::InvalidInput, problem, QStringLiteral("password")};
    const PasswordHash hash = PasswordHasher::hash(password);
    return changed(m_database.run([&](QSqlDatabase &) { return m_users.setPassword(username, hash); },
                                  Database::Retry::Never),
                   username, QStringLiteral("the password"));
}

UserService::Result UserService::deactivate(const QString &username)
{
    return changed(m_database.run([&](QSqlDatabase &) { return m_users.deactivate(username); },
                                  Database::Retry::OnceIfConnectionLost),
                   username, QStringLiteral("the account"));
}

UserService::Result UserService::liftLockout(const QString &username)
{
    return changed(m_database.run([&](QSqlDatabase &) { return m_users.liftLockout(username); },
                                  Database::Retry::OnceIfConnectionLost),
                   username, QStringLiteral("the lockout"));
}

UserService::Accounts UserService::list(bool staffOnly, const QDateTime &now)
{
    const DbResult<QList<UserAccount>> accounts = m_database.run(
        [&](QSqlDatabase &) { return m_users.list(staffOnly, kMaxListed, now); },
        Database::Retry::OnceIfConnectionLost);
    if (!accounts)
        return {{}, QStringLiteral("cannot read the users: %1").arg(accounts.error().text())};
    return {accounts.value(), {}};
}

UserService::Result UserService::changed(const DbResult<bool> &outcome, const QString &username, const QString &what)
{
    if (!outcome)
        return {Outcome::DatabaseError, QStringLiteral("cannot change %1: %2").arg(what, outcome.error().text()), {}};
    if (!outcome.value())
        return {Outcome::NotFound, QStringLiteral("no user '%1'").arg(username), QStringLiteral("username")};
    return {};
}

} // namespace shop
