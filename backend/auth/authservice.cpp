#include "authservice.h"

#include "core/log.h"
#include "db/database.h"
#include "passwordhasher.h"

namespace shop {

AuthService::AuthService(Database &database, const AccessTokens &tokens)
    : m_database(database)
    , m_tokens(tokens)
    , m_users(database)
{
}

Result<AccessToken> AuthService::login(const QString &username, const QByteArray &password)
{
    const DbResult<std::optional<UserCredentials>> found = m_database.run(
        [&](QSqlDatabase &) { return m_users.findActiveCredentials(username); },
        Database::Retry::OnceIfConnectionLost);
    if (!found) {
        log::error("auth", QStringLiteral("cannot read users"), {{QStringLiteral("error"), found.error().text()}});
        return ServiceError::unavailable(QStringLiteral("login is unavailable right now"));
    }
    const std::optional<UserCredentials> &user = found.value();
    // Hash even for unknown users so both answers take the same time.
    const bool matches = PasswordHasher::verify(password, user ? user->passwordHash : PasswordHasher::hash("timing"));
    if (!user || !matches)
        return ServiceError{ServiceError::Kind::Unauthorized, QStringLiteral("wrong username or password"), {}};
    return m_tokens.issue(username, user->roles);
}

} // namespace shop
