#include "userrepository.h"

#include "db/database.h"

namespace shop {

namespace {

const QString kSelectActiveCredentials = QStringLiteral(R"(
    SELECT password_hash, password_salt, password_iterations, array_to_string(roles, ',')
      FROM auth.users
     WHERE username = $1 AND is_active)");

const QString kInsert = QStringLiteral(R"(
    INSERT INTO auth.users (username, password_hash, password_salt, password_iterations, roles)
    VALUES ($1, $2, $3, $4, ARRAY[$5]::text[])
    ON CONFLICT DO NOTHING)");

UserCredentials credentialsFrom(const QSqlQuery &query)
{
    return {{query.value(0).toByteArray(), query.value(1).toByteArray(), query.value(2).toInt()},
            query.value(3).toString().split(u',', Qt::SkipEmptyParts)};
}

} // namespace

UserRepository::UserRepository(Database &database)
    : m_database(database)
{
}

DbResult<std::optional<UserCredentials>> UserRepository::findActiveCredentials(const QString &username) const
{
    return fetchFirst(*m_database.prepared(kSelectActiveCredentials), {username}, credentialsFrom);
}

DbResult<bool> UserRepository::insert(const QString &username, const PasswordHash &passwordHash,
                                      const QString &role) const
{
    const DbResult<int> inserted = m_database.executeAndCount(
        kInsert, {username, QString::fromLatin1(passwordHash.hashHex), QString::fromLatin1(passwordHash.saltHex),
                  passwordHash.iterations, role});
    if (!inserted)
        return inserted.error();
    return inserted.value() == 1;
}

} // namespace shop
