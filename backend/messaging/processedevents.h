#pragma once

#include "db/dbresult.h"

#include <QString>
#include <QUuid>

namespace shop {

class Database;

// A consumer's record of the events it applied (catalog.processed_events,
// orders.processed_events): written in the same transaction as the change an
// event causes, so a redelivered event is recognised and changes nothing.
// Runs on the calling thread's connection.
class ProcessedEvents
{
public:
    // table is schema-qualified and comes from code, never from input.
    ProcessedEvents(Database &database, const QString &table);

    // Records the event; false when it was recorded before.
    DbResult<bool> record(const QUuid &eventId, const QString &eventType);
    // Housekeeping, in a transaction of its own: forgets events older than
    // the topics' 7-day retention (they cannot be delivered again); logs
    // what it did.
    void purgeExpired();

private:
    Database &m_database;
    QString m_table;
    QString m_insert;
    QString m_purge;
};

} // namespace shop
