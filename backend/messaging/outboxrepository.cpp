#include "outboxrepository.h"

#include "db/database.h"

#include <QVariant>

namespace shop {

namespace {

constexpr int kPurgeChunk = 5000;
constexpr int kMaxPurgeChunks = 20; // the rest goes at the next purge

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

} // namespace

OutboxRepository::OutboxRepository(Database &database, const QString &table)
    : m_database(database)
    // event_id, not id: ORDER BY would take an output column named id (the
    // text) over the uuid column and sort every unsent row instead of
    // reading the index in order.
    , m_claim(QStringLiteral("SELECT id::text AS event_id, event_type, topic, message_key, payload, correlation_id FROM %1"
                             " WHERE sent_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED")
                  .arg(table))
    , m_markSent(QStringLiteral("UPDATE %1 SET sent_at = now() WHERE id = ANY(string_to_array($1::text, ',')::uuid[])")
                     .arg(table))
    , m_markFailed(QStringLiteral("UPDATE %1 SET attempts = attempts + 1, last_error = $2"
                                  " WHERE id = ANY(string_to_array($1::text, ',')::uuid[])")
                       .arg(table))
    , m_purge(QStringLiteral("DELETE FROM %1 WHERE id IN (SELECT id FROM %1"
                             " WHERE sent_at < now() - make_interval(days => $1::integer)"
                             " LIMIT $2 FOR UPDATE SKIP LOCKED)")
                  .arg(table))
    , m_backlog(QStringLiteral("SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8"
                               " FROM %1 WHERE sent_at IS NULL")
                    .arg(table))
{
}

QSqlError OutboxRepository::claimUnsent(int limit, std::vector<OutboxRow> &rows)
{
    rows.clear();
    QSqlQuery query(m_database.connection());
    if (!execFresh(query, m_claim, {limit}))
        return query.lastError();
    while (query.next()) {
        rows.push_back({query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                        query.value(3).toString(), query.value(4).toString().toUtf8(), query.value(5).toString()});
    }
    return {};
}

QSqlError OutboxRepository::markSent(const QStringList &ids)
{
    if (ids.isEmpty())
        return {};
    QSqlQuery query(m_database.connection());
    return execFresh(query, m_markSent, {joinedIds(ids)}) ? QSqlError() : query.lastError();
}

QSqlError OutboxRepository::markFailed(const QStringList &ids, const QString &error)
{
    if (ids.isEmpty())
        return {};
    QSqlQuery query(m_database.connection());
    return execFresh(query, m_markFailed, {joinedIds(ids), error}) ? QSqlError() : query.lastError();
}

QSqlError OutboxRepository::purgeSent(int olderThanDays, qint64 *deleted)
{
    *deleted = 0;
    for (int chunk = 0; chunk < kMaxPurgeChunks; ++chunk) {
        QSqlQuery query(m_database.connection());
        if (!execFresh(query, m_purge, {olderThanDays, kPurgeChunk}))
            return query.lastError();
        const int affected = query.numRowsAffected();
        *deleted += affected;
        if (affected < kPurgeChunk)
            break;
    }
    return {};
}

QSqlError OutboxRepository::backlog(OutboxBacklog &backlog)
{
    QSqlQuery query(m_database.connection());
    if (!execFresh(query, m_backlog, {}))
        return query.lastError();
    if (query.next())
        backlog = {query.value(0).toLongLong(), query.value(1).toDouble()};
    return {};
}

} // namespace shop
