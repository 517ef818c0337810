#include "outboxrepository.h"

#include "db/database.h"

#include <QVariant>

namespace shop {

namespace {

constexpr int kPurgeChunk = 5000;
constexpr int kMaxPurgeChunks = 20; // the rest goes at the next purge

// %1 is the outbox table.
// event_id, not id: ORDER BY would take an output column named id (the text)
// over the uuid column and sort every unsent row instead of reading the
// index in order.
const QString kClaim = QStringLiteral(R"(
    SELECT id::text AS event_id, event_type, topic, message_key, payload, correlation_id
      FROM %1
     WHERE sent_at IS NULL
     ORDER BY created_at, id
     LIMIT $1
       FOR UPDATE SKIP LOCKED)");

const QString kMarkSent = QStringLiteral(R"(
    UPDATE %1 SET sent_at = now() WHERE id = ANY(string_to_array($1::text, ',')::uuid[]))");

const QString kMarkFailed = QStringLiteral(R"(
    UPDATE %1 SET attempts = attempts + 1, last_error = $2
     WHERE id = ANY(string_to_array($1::text, ',')::uuid[]))");

const QString kPurge = QStringLiteral(R"(
    DELETE FROM %1 WHERE id IN (SELECT id FROM %1
                                 WHERE sent_at < now() - make_interval(days => $1::integer)
                                 LIMIT $2
                                   FOR UPDATE SKIP LOCKED))");

const QString kBacklog = QStringLiteral(R"(
    SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8
      FROM %1
     WHERE sent_at IS NULL)");

// Ids travel as one comma-separated text value: QPSQL sends bound values as
// literals and has no array binding.
QString joinedIds(const QStringList &ids)
{
    return ids.join(QLatin1Char(','));
}

// A statement of its own per call rather than Database::prepared(), for two
// reasons. The relay's connection LISTENs, so its driver may notice a dead
// session first and reopen behind the statement cache's back; cached
// statements would then name prepared statements the new session never had.
// And destroying the query collects the rest of its result: QPSQL reads
// forward-only results in libpq's single-row mode, and libpq parses nothing
// behind an uncollected result, so a NOTIFY would wait unseen until the next
// query. The extra PREPARE costs well under a millisecond per batch.
bool execFresh(QSqlQuery &query, const QString &sql, const QVariantList &values)
{
    query.setForwardOnly(true);
    return query.prepare(sql) && execPrepared(query, values);
}

OutboxRow rowFrom(const QSqlQuery &query)
{
    return {query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
            query.value(3).toString(), query.value(4).toString().toUtf8(), query.value(5).toString()};
}

} // namespace

OutboxRepository::OutboxRepository(Database &database, const QString &table)
    : m_database(database)
    , m_claim(kClaim.arg(table))
    , m_markSent(kMarkSent.arg(table))
    , m_markFailed(kMarkFailed.arg(table))
    , m_purge(kPurge.arg(table))
    , m_backlog(kBacklog.arg(table))
{
}

DbResult<std::vector<OutboxRow>> OutboxRepository::claimUnsent(int limit)
{
    QSqlQuery query(m_database.connection());
    if (!execFresh(query, m_claim, {limit}))
        return query.lastError();
    std::vector<OutboxRow> rows;
    while (query.next())
        rows.push_back(rowFrom(query));
    return rows;
}

DbResult<Done> OutboxRepository::markSent(const QStringList &ids)
{
    return markAll(m_markSent, ids, {});
}

DbResult<Done> OutboxRepository::markFailed(const QStringList &ids, const QString &error)
{
    return markAll(m_markFailed, ids, {error});
}

DbResult<Done> OutboxRepository::markAll(const QString &sql, const QStringList &ids, const QVariantList &more)
{
    if (ids.isEmpty())
        return Done{};
    QSqlQuery query(m_database.connection());
    if (!execFresh(query, sql, QVariantList{joinedIds(ids)} + more))
        return query.lastError();
    return Done{};
}

DbResult<qint64> OutboxRepository::purgeSent(int olderThanDays)
{
    qint64 deleted = 0;
    for (int chunk = 0; chunk < kMaxPurgeChunks; ++chunk) {
        QSqlQuery query(m_database.connection());
        if (!execFresh(query, m_purge, {olderThanDays, kPurgeChunk}))
            return query.lastError();
        const int affected = query.numRowsAffected();
        deleted += affected;
        if (affected < kPurgeChunk)
            break;
    }
    return deleted;
}

DbResult<OutboxBacklog> OutboxRepository::backlog()
{
    QSqlQuery query(m_database.connection());
    if (!execFresh(query, m_backlog, {}))
        return query.lastError();
    if (!query.next())
        return OutboxBacklog();
    return OutboxBacklog{query.value(0).toLongLong(), query.value(1).toDouble()};
}

} // namespace shop
