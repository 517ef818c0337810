#include "outboxwriter.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

OutboxWriter::OutboxWriter(Database &database)
    : m_database(database)
{
}

QSqlError OutboxWriter::append(const OutboxMessage &message)
{
    // created_at stays the database's now(): the relay orders by it, and
    // rows from several instances must sort by one clock.
    auto query = m_database.prepared(QStringLiteral(
        "INSERT INTO catalog.outbox (id, aggregate_id, event_type, topic, message_key, payload, correlation_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)"));
    const QVariant correlationId = message.correlationId.isEmpty() ? QVariant() : QVariant(message.correlationId);
    if (!execPrepared(*query, {idText(message.eventId),
                               idText(message.aggregateId), message.eventType, message.topic,
                               message.key, QString::fromUtf8(message.payload), correlationId}))
        return query->lastError();
    query->finish();
    return {};
}

} // namespace shop
