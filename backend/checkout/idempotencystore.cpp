#include "idempotencystore.h"

#include "db/database.h"

#include <QCryptographicHash>

namespace shop {

namespace {
constexpr qint64 kRecordLifetimeSeconds = 24 * 60 * 60;
}

IdempotencyStore::IdempotencyStore(Database &database)
    : m_database(database)
{
}

QString IdempotencyStore::fingerprint(const QByteArray &canonicalRequest)
{
    return QString::fromLatin1(QCryptographicHash::hash(canonicalRequest, QCryptographicHash::Sha256).toHex());
}

QSqlError IdempotencyStore::tryLock(const QString &key, bool &locked)
{
    // 64-bit hash of the key in the one-bigint advisory lock space; a
    // collision between two keys in flight at the same moment would only
    // answer one of them 409 "in progress", which the client retries.
    auto query = m_database.prepared(QStringLiteral("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))"));
    if (!execPrepared(*query, {key}))
        return query->lastError();
    locked = query->next() && query->value(0).toBool();
    query->finish();
    return {};
}

QSqlError IdempotencyStore::claim(const QString &key, const QString &fingerprint, const QDateTime &now, bool &claimed)
{
    // An expired record that the purge job has not removed yet counts as
    // absent: it is overwritten. A live one is left alone and no row returns.
    auto query = m_database.prepared(QStringLiteral(
        "INSERT INTO catalog.checkout_idempotency "
        "    (idempotency_key, request_fingerprint, state, created_at, expires_at) "
        "VALUES ($1, $2, 'IN_PROGRESS', $3, $4) "
        "ON CONFLICT (idempotency_key) DO UPDATE "
        "   SET request_fingerprint = EXCLUDED.request_fingerprint, state = 'IN_PROGRESS', "
        "       response_status = NULL, response_body = NULL, "
        "       created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at "
        " WHERE catalog.checkout_idempotency.expires_at <= EXCLUDED.created_at "
        "RETURNING idempotency_key"));
    if (!execPrepared(*query, {key, fingerprint, now, now.addSecs(kRecordLifetimeSeconds)}))
        return query->lastError();
    claimed = query->next();
    query->finish();
    return {};
}

QSqlError IdempotencyStore::find(const QString &key, const QDateTime &now, std::optional<IdempotencyRecord> &record)
{
    auto query = m_database.prepared(QStringLiteral(
        "SELECT request_fingerprint, state = 'COMPLETED', response_status, response_body "
        "  FROM catalog.checkout_idempotency WHERE idempotency_key = $1 AND expires_at > $2"));
    if (!execPrepared(*query, {key, now}))
        return query->lastError();
    record.reset();
    if (query->next()) {
        record = IdempotencyRecord{query->value(0).toString(), query->value(1).toBool(),
                                   {query->value(2).toInt(), query->value(3).toString().toUtf8()}};
    }
    query->finish();
    return {};
}

QSqlError IdempotencyStore::complete(const QString &key, const StoredResponse &response)
{
    return m_database.execute(QStringLiteral(
        "UPDATE catalog.checkout_idempotency "
        "   SET state = 'COMPLETED', response_status = $2, response_body = $3 "
        " WHERE idempotency_key = $1"),
        {key, response.status, QString::fromUtf8(response.body)});
}

QSqlError IdempotencyStore::purgeExpired(const QDateTime &now, int &deleted)
{
    auto query = m_database.prepared(QStringLiteral(
        "DELETE FROM catalog.checkout_idempotency WHERE expires_at <= $1"));
    if (!execPrepared(*query, {now}))
        return query->lastError();
    deleted = query->numRowsAffected();
    query->finish();
    return {};
}

} // namespace shop
