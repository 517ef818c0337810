#pragma once

#include "db/dbresult.h"

#include <QString>
#include <QStringList>
#include <QVariant>

#include <vector>

namespace shop {

class Database;

// One event waiting in an outbox table (catalog.outbox, orders.outbox).
struct OutboxRow
{
    QString id; // the eventId
    QString eventType;
    QString topic;
    QString messageKey; // the orderId
    QByteArray payload; // the exact JSON bytes the writer committed
    QString correlationId;
};

struct OutboxBacklog
{
    qint64 unsentCount = 0;
    double oldestUnsentAgeSeconds = 0;
};

// The SQL of an outbox table, for the relay. Methods use the calling thread's
// connection of the given Database; claim and mark run inside the caller's
// transaction so the row locks of a claim last until the marks commit.
class OutboxRepository
{
public:
    // table is schema-qualified and comes from code, never from input.
    OutboxRepository(Database &database, const QString &table);

    // Locks up to limit unsent rows, oldest first; rows another relay holds
    // are skipped, so concurrent relays never claim the same row.
    DbResult<std::vector<OutboxRow>> claimUnsent(int limit);
    DbResult<Done> markSent(const QStringList &ids);
    DbResult<Done> markFailed(const QStringList &ids, const QString &error);

    // Deletes rows sent more than olderThanDays ago, in chunks so no
    // statement holds many locks; answers how many went.
    DbResult<qint64> purgeSent(int olderThanDays);
    DbResult<OutboxBacklog> backlog();

private:
    // Runs a mark statement ($1 the ids, then more) unless there are no ids.
    DbResult<Done> markAll(const QString &sql, const QStringList &ids, const QVariantList &more);

    Database &m_database;
    QString m_claim;
    QString m_markSent;
    QString m_markFailed;
    QString m_purge;
    QString m_backlog;
};

} // namespace shop
