#include "outboxwriter.h"

#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

// %1 is the outbox table. created_at stays the database's now(): the relay
// orders by it, and rows from several instances must sort by one clock.
const QString kInsert = QStringLiteral(R"(
    INSERT INTO %1 (id, aggregate_id, event_type, topic, message_key, payload, correlation_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7))");

} // namespace

OutboxWriter::OutboxWriter(Database &database, const QString &table)
    : m_database(database)
    , m_insert(kInsert.arg(table))
{
}

DbResult<Done> OutboxWriter::append(const OutboxMessage &message)
{
    const QVariant correlationId = message.correlationId.isEmpty() ? QVariant() : QVariant(message.correlationId);
    return m_database.execute(m_insert, {idText(message.eventId), idText(message.aggregateId), message.eventType,
                                         message.topic, message.key, QString::fromUtf8(message.payload),
                                         correlationId});
}

} // namespace shop
