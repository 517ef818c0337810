#include "userrepository.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

const QString kSelectActiveCredentials = QStringLiteral(R"(
    SELECT u.id, u.password_hash, u.password_salt, u.password_iterations, array_to_string(u.roles, ','),
           u.token_version, COALESCE(ceil(extract(epoch FROM f.locked_until - now())), 0)::bigint
      FROM auth.users u
      LEFT JOIN auth.login_failures f ON f.user_id = u.id AND f.locked_until > now()
     WHERE u.username = $1 AND u.is_active)");

const QString kInsert = QStringLiteral(R"(
    INSERT INTO auth.users (username, password_hash, password_salt, password_iterations, roles)
    VALUES ($1, $2, $3, $4, ARRAY[$5]::text[])
    ON CONFLICT DO NOTHING)");

const QString kList = QStringLiteral(R"(
    SELECT u.username, array_to_string(u.roles, ','), u.is_active, u.last_login_at,
           COALESCE(f.failures, 0), CASE WHEN f.locked_until > now() THEN f.locked_until END
      FROM auth.users u
      LEFT JOIN auth.login_failures f ON f.user_id = u.id
     WHERE NOT $1::boolean OR u.roles && ARRAY['MANAGER', 'CASHIER']::text[]
     ORDER BY u.username
     LIMIT $2)");

const QString kSetPassword = QStringLiteral(R"(
    WITH changed AS (
        UPDATE auth.users
           SET password_hash = $2, password_salt = $3, password_iterations = $4,
               token_version = token_version + 1, updated_at = now()
         WHERE username = $1
     RETURNING id),
    unlocked AS (DELETE FROM auth.login_failures WHERE user_id IN (SELECT id FROM changed))
    SELECT count(*) FROM changed)");

const QString kDeactivate = QStringLiteral(R"(
    UPDATE auth.users
       SET is_active = false, token_version = token_version + 1, updated_at = now()
     WHERE username = $1)");

const QString kLiftLockout = QStringLiteral(R"(
    WITH account AS (SELECT id FROM auth.users WHERE username = $1),
    lifted AS (DELETE FROM auth.login_failures WHERE user_id IN (SELECT id FROM account))
    SELECT count(*) FROM account)");

const QString kRecordSuccess = QStringLiteral(R"(
    WITH cleared AS (DELETE FROM auth.login_failures WHERE user_id = $1)
    UPDATE auth.users SET last_login_at = now() WHERE id = $2)");

// The exponent stops at 4: 2^4 minutes is past the 15-minute cap already.
const QString kRecordFailure = QStringLiteral(R"(
    INSERT INTO auth.login_failures AS f (user_id, failures, last_failure_at, locked_until)
    VALUES ($1, 1, now(), CASE WHEN $2 <= 1 THEN now() + interval '1 minute' END)
    ON CONFLICT (user_id) DO UPDATE
       SET failures = f.failures + 1,
           last_failure_at = now(),
           locked_until = CASE WHEN f.failures + 1 >= $3
                               THEN now() + least(interval '1 minute' * power(2, least(f.failures + 1 - $4, 4)),
                                                  interval '15 minutes')
                          END)");

const QString kIsTokenCurrent = QStringLiteral(R"(
    SELECT count(*) FROM auth.users WHERE username = $1 AND is_active AND token_version = $2)");

UserCredentials credentialsFrom(const QSqlQuery &query)
{
    return {idValue(query.value(0)),
            {query.value(1).toByteArray(), query.value(2).toByteArray(), query.value(3).toInt()},
            query.value(4).toString().split(u',', Qt::SkipEmptyParts),
            query.value(5).toInt(),
            query.value(6).toLongLong()};
}

std::optional<QDateTime> optionalTime(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toDateTime();
}

UserAccount accountFrom(const QSqlQuery &query)
{
    return {query.value(0).toString(), query.value(1).toString().split(u',', Qt::SkipEmptyParts),
            query.value(2).toBool(), optionalTime(query.value(3)), query.value(4).toInt(),
            optionalTime(query.value(5))};
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

DbResult<QList<UserAccount>> UserRepository::list(bool staffOnly, int limit) const
{
    return fetchAll(*m_database.prepared(kList), {staffOnly, limit}, accountFrom);
}

DbResult<bool> UserRepository::setPassword(const QString &username, const PasswordHash &passwordHash) const
{
    const DbResult<qint64> changed = fetchNumber(
        *m_database.prepared(kSetPassword), {username, QString::fromLatin1(passwordHash.hashHex),
                                             QString::fromLatin1(passwordHash.saltHex), passwordHash.iterations});
    if (!changed)
        return changed.error();
    return changed.value() > 0;
}

DbResult<bool> UserRepository::deactivate(const QString &username) const
{
    return touchedAny(m_database.executeAndCount(kDeactivate, {username}));
}

DbResult<bool> UserRepository::liftLockout(const QString &username) const
{
    const DbResult<qint64> found = fetchNumber(*m_database.prepared(kLiftLockout), {username});
    if (!found)
        return found.error();
    return found.value() > 0;
}

DbResult<Done> UserRepository::recordSuccessfulLogin(const QUuid &userId) const
{
    return m_database.execute(kRecordSuccess, {idText(userId), idText(userId)});
}

DbResult<Done> UserRepository::recordFailedLogin(const QUuid &userId, int freeFailures) const
{
    return m_database.execute(kRecordFailure, {idText(userId), freeFailures, freeFailures, freeFailures});
}

DbResult<bool> UserRepository::isTokenCurrent(const QString &username, int tokenVersion) const
{
    const DbResult<qint64> current = fetchNumber(*m_database.prepared(kIsTokenCurrent), {username, tokenVersion});
    if (!current)
        return current.error();
    return current.value() > 0;
}

} // namespace shop
