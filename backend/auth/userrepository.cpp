#include "userrepository.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

const QString kSelectActiveCredentials = QStringLiteral(R"(
    SELECT u.id, u.password_hash, u.password_salt, u.password_iterations, array_to_string(u.roles, ','),
           u.token_version, COALESCE(ceil(extract(epoch FROM f.locked_until - $3::timestamptz)), 0)::bigint
      FROM auth.users u
      LEFT JOIN auth.login_failures f ON f.user_id = u.id AND f.source = $2 AND f.locked_until > $4::timestamptz
     WHERE u.username = $1 AND u.is_active)");

const QString kInsert = QStringLiteral(R"(
    INSERT INTO auth.users (username, password_hash, password_salt, password_iterations, roles)
    VALUES ($1, $2, $3, $4, ARRAY[$5]::text[])
    ON CONFLICT DO NOTHING)");

const QString kList = QStringLiteral(R"(
    SELECT u.username, array_to_string(u.roles, ','), u.is_active, u.last_login_at,
           COALESCE(f.failures, 0), f.locked_until
      FROM auth.users u
      LEFT JOIN LATERAL (
          SELECT sum(failures) FILTER (WHERE last_failure_at > $3::timestamptz - interval '1 day') AS failures,
                 max(locked_until) FILTER (WHERE locked_until > $4::timestamptz) AS locked_until
            FROM auth.login_failures
           WHERE user_id = u.id) f ON true
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
    WITH cleared AS (DELETE FROM auth.login_failures WHERE user_id = $1 AND source = $2)
    UPDATE auth.users SET last_login_at = $4 WHERE id = $3)");

// One more failure of (account, source), counted afresh after a quiet
// quarter of an hour (unless still locked). The same statement keeps the
// account's other sources to the most recent kMaxSourcesPerAccount - 1, so
// the table stays bounded.
const QString kCountFailure = QStringLiteral(R"(
    WITH counted AS (
        INSERT INTO auth.login_failures AS f (user_id, source, failures, last_failure_at)
        VALUES ($1, $2, 1, $8::timestamptz)
        ON CONFLICT (user_id, source) DO UPDATE
           SET failures = CASE WHEN f.last_failure_at < $9::timestamptz - interval '15 minutes'
                                    AND COALESCE(f.locked_until <= $10::timestamptz, true)
                               THEN 1 ELSE f.failures + 1 END,
               last_failure_at = $11::timestamptz
        RETURNING failures),
    trimmed AS (
        DELETE FROM auth.login_failures
         WHERE user_id = $3 AND source <> $4
           AND source NOT IN (SELECT source FROM auth.login_failures WHERE user_id = $5 AND source <> $6
                               ORDER BY last_failure_at DESC LIMIT $7))
    SELECT failures FROM counted)");

// $3: failures beyond the free ones, 0 for the first locked one: a second,
// doubling up to five minutes (the exponent stops at 9, past the cap).
const QString kLock = QStringLiteral(R"(
    UPDATE auth.login_failures
       SET locked_until = $4::timestamptz + least(interval '1 second' * power(2, least($3, 9)), interval '5 minutes')
     WHERE user_id = $1 AND source = $2)");

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

DbResult<std::optional<UserCredentials>> UserRepository::findActiveCredentials(const QString &username,
                                                                              const QString &source,
                                                                              const QDateTime &now) const
{
    return fetchFirst(*m_database.prepared(kSelectActiveCredentials), {username, source, now, now}, credentialsFrom);
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

DbResult<QList<UserAccount>> UserRepository::list(bool staffOnly, int limit, const QDateTime &now) const
{
    return fetchAll(*m_database.prepared(kList), {staffOnly, limit, now, now}, accountFrom);
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

DbResult<Done> UserRepository::recordSuccessfulLogin(const QUuid &userId, const QString &source,
                                                     const QDateTime &now) const
{
    return m_database.execute(kRecordSuccess, {idText(userId), source, idText(userId), now});
}

DbResult<Done> UserRepository::recordFailedLogin(const QUuid &userId, const QString &source, int freeFailures,
                                                 const QDateTime &now) const
{
    const QString id = idText(userId);
    const DbResult<qint64> failures =
        fetchNumber(*m_database.prepared(kCountFailure),
                    {id, source, id, source, id, source, kMaxSourcesPerAccount - 1, now, now, now, now});
    if (!failures)
        return failures.error();
    if (failures.value() < freeFailures)
        return Done{};
    return m_database.execute(kLock, {id, source, failures.value() - freeFailures, now});
}

DbResult<bool> UserRepository::isTokenCurrent(const QString &username, int tokenVersion) const
{
    const DbResult<qint64> current = fetchNumber(*m_database.prepared(kIsTokenCurrent), {username, tokenVersion});
    if (!current)
        return current.error();
    return current.value() > 0;
}

} // namespace shop
