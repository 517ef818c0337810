#include "authservice.h"

#include "core/log.h"
#include "db/database.h"
#include "passwordhasher.h"

namespace shop {

AuthService::AuthService(Database &database, const AccessTokens &tokens)
    : m_database(database)
    , m_tokens(tokens)
{
}

Result<AccessToken> AuthService::login(const QString &username, const QByteArray &password)
{
    PasswordHash stored;
    QStringList roles;
    bool found = false;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &) {
            auto query = m_database.prepared(QStringLiteral(
                "SELECT password_hash, password_salt, password_iterations, array_to_string(roles, ',') "
                "FROM auth.users WHERE username = $1 AND is_active"));
            if (!execPrepared(*query, {username}))
                return query->lastError();
            if (query->next()) {
                found = true;
                stored = {query->value(0).toByteArray(), query->value(1).toByteArray(), query->value(2).toInt()};
                roles = query->value(3).toString().split(u',', Qt::SkipEmptyParts);
            }
            query->finish();
            return QSqlError();
        },
        Database::Retry::OnceIfConnectionLost);
    if (error.isValid()) {
        log::error("auth", QStringLiteral("cannot read users"), {{QStringLiteral("error"), error.text()}});
        return ServiceError::unavailable(QStringLiteral("login is unavailable right now"));
    }
    // Hash even for unknown users so both answers take the same time.
    const bool matches = PasswordHasher::verify(password, found ? stored : PasswordHasher::hash("timing"));
    if (!found || !matches)
        return ServiceError{ServiceError::Kind::Unauthorized, QStringLiteral("wrong username or password"), {}};
    return m_tokens.issue(username, roles);
}

} // namespace shop
