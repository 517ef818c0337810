#include "idempotencystore.h"

#include "db/database.h"

#include <QCryptographicHash>

namespace shop {

namespace {

constexpr qint64 kRecordLifetimeSeconds = 24 * 60 * 60;

// 64-bit hash of the key in the one-bigint advisory lock space; a collision
// between two keys in flight at the same moment would only answer one of
// them 409 "in progress", which the client retries.
const QString kTryLock = QStringLiteral(R"(
    SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)))");

// An expired record that the purge job has not removed yet counts as absent:
// it is overwritten. A live one is left alone and no row changes.
const QString kClaim = QStringLiteral(R"(
    INSERT INTO catalog.checkout_idempotency
        (idempotency_key, request_fingerprint, state, created_at, expires_at)
    VALUES ($1, $2, 'IN_PROGRESS', $3, $4)
    ON CONFLICT (idempotency_key) DO UPDATE
       SET request_fingerprint = EXCLUDED.request_fingerprint, state = 'IN_PROGRESS',
           response_status = NULL, response_body = NULL,
           created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
     WHERE catalog.checkout_idempotency.expires_at <= EXCLUDED.created_at)");

const QString kSelectLive = QStringLiteral(R"(
    SELECT request_fingerprint, state = 'COMPLETED', response_status, response_body
      FROM catalog.checkout_idempotency
     WHERE idempotency_key = $1 AND expires_at > $2)");

const QString kComplete = QStringLiteral(R"(
    UPDATE catalog.checkout_idempotency
       SET state = 'COMPLETED', response_status = $2, response_body = $3
     WHERE idempotency_key = $1)");

const QString kRelease = QStringLiteral(R"(
    DELETE FROM catalog.checkout_idempotency WHERE idempotency_key = $1 AND state = 'IN_PROGRESS')");

const QString kDeleteExpired = QStringLiteral(R"(
    DELETE FROM catalog.checkout_idempotency WHERE expires_at <= $1)");

IdempotencyRecord recordFrom(const QSqlQuery &query)
{
    return {query.value(0).toString(), query.value(1).toBool(),
            {query.value(2).toInt(), query.value(3).toString().toUtf8()}};
}

} // namespace

IdempotencyStore::IdempotencyStore(Database &database)
    : m_database(database)
{
}

QString IdempotencyStore::fingerprint(const QByteArray &canonicalRequest)
{
    return QString::fromLatin1(QCryptographicHash::hash(canonicalRequest, QCryptographicHash::Sha256).toHex());
}

DbResult<bool> IdempotencyStore::tryLock(const QString &key)
{
    const DbResult<std::optional<bool>> locked = fetchFirst(
        *m_database.prepared(kTryLock), {key}, [](const QSqlQuery &query) { return query.value(0).toBool(); });
    if (!locked)
        return locked.error();
    return locked.value().value_or(false);
}

DbResult<bool> IdempotencyStore::claim(const QString &key, const QString &fingerprint, const QDateTime &now)
{
    return touchedAny(
        m_database.executeAndCount(kClaim, {key, fingerprint, now, now.addSecs(kRecordLifetimeSeconds)}));
}

DbResult<std::optional<IdempotencyRecord>> IdempotencyStore::find(const QString &key, const QDateTime &now)
{
    return fetchFirst(*m_database.prepared(kSelectLive), {key, now}, recordFrom);
}

DbResult<Done> IdempotencyStore::complete(const QString &key, const StoredResponse &response)
{
    return m_database.execute(kComplete, {key, response.status, QString::fromUtf8(response.body)});
}

DbResult<Done> IdempotencyStore::release(const QString &key)
{
    return m_database.execute(kRelease, {key});
}

DbResult<int> IdempotencyStore::purgeExpired(const QDateTime &now)
{
    return m_database.executeAndCount(kDeleteExpired, {now});
}

} // namespace shop
