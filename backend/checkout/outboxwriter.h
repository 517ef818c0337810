#pragma once

#include <QByteArray>
#include <QSqlError>
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

// Writes rows of catalog.outbox on the calling thread's connection, inside
// the caller's transaction: the message exists if and only if the business
// change it describes committed. Nothing here talks to Kafka.
class OutboxWriter
{
public:
    explicit OutboxWriter(Database &database);

    QSqlError append(const OutboxMessage &message);

private:
    Database &m_database;
};

} // namespace shop
