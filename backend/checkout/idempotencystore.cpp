#include "idempotencystore.h"

#include "db/database.h"

#include <QCryptographicHash>

namespace shop {

namespace {

constexpr qint64 kRecordLifetimeSeconds = 24 * 60 * 60;

const QString kSelectLive = QStringLiteral(R"(
    SELECT request_fingerprint, state = 'COMPLETED', response_status, response_body
      FROM catalog.checkout_idempotency
     WHERE idempotency_key = $1 AND expires_at > $2)");

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

QDateTime IdempotencyStore::expiryAfter(const QDateTime &now)
{
    return now.addSecs(kRecordLifetimeSeconds);
}

DbResult<std::optional<IdempotencyRecord>> IdempotencyStore::find(const QString &key, const QDateTime &now)
{
    return fetchFirst(*m_database.prepared(kSelectLive), {key, now}, recordFrom);
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
