#pragma once

#include "db/dbresult.h"

#include <QByteArray>
#include <QString>
#include <QUuid>

namespace shop {

class Database;

// One message for the relay to publish after the writing transaction commits.
struct OutboxMessage
{
    QUuid eventId;      // row id, Kafka header eventId
    QUuid aggregateId;  // e.g. the orderId
    QString eventType;
    QString topic;
    QString key;        // Kafka message key
    QByteArray payload; // exact JSON bytes to publish
    QString correlationId;
};

// Writes rows of one outbox table (catalog.outbox for checkout,
// orders.outbox for the order daemon) on the calling thread's connection,
// inside the caller's transaction: the message exists if and only if the
// business change it describes committed. Nothing here talks to Kafka.
class OutboxWriter
{
public:
    // table is schema-qualified and comes from code, never from input; each
    // module names the outbox of its own schema.
    OutboxWriter(Database &database, const QString &table);

    DbResult<Done> append(const OutboxMessage &message);

private:
    Database &m_database;
    QString m_insert;
};

} // namespace shop
