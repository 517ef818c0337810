#include "outboxwriter.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

OutboxWriter::OutboxWriter(Database &database, const QString &table)
    : m_database(database)
    , m_insert(QStringLiteral("INSERT INTO %1 (id, aggregate_id, event_type, topic, message_key, payload, correlation_id) "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7)").arg(table))
{
}

QSqlError OutboxWriter::append(const OutboxMessage &message)
{
    // created_at stays the database's now(): the relay orders by it, and
    // rows from several instances must sort by one clock.
    auto query = m_database.prepared(m_insert);
    const QVariant correlationId = message.correlationId.isEmpty() ? QVariant() : QVariant(message.correlationId);
    if (!execPrepared(*query, {idText(message.eventId),
                               idText(message.aggregateId), message.eventType, message.topic,
                               message.key, QString::fromUtf8(message.payload), correlationId}))
        return query->lastError();
    query->finish();
    return {};
}

} // namespace shop
