#pragma once

#include "db/dbresult.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace shop {

class Database;

// The stored answer of a completed checkout, replayed byte for byte.
struct StoredResponse
{
    int status = 0;
    QByteArray body;
};

// A live (unexpired) idempotency record.
struct IdempotencyRecord
{
    QString fingerprint;
    bool isCompleted = false;
    StoredResponse response; // when completed
};

// Idempotency-Key records of POST /checkout (catalog.checkout_idempotency).
// All methods run on the calling thread's connection inside the caller's
// transaction; records live 24 hours from `now` of the caller's Clock.
class IdempotencyStore
{
public:
    explicit IdempotencyStore(Database &database);

    // Lowercase hex SHA-256, the form the table's CHECK expects.
    static QString fingerprint(const QByteArray &canonicalRequest);

    // When a record claimed at `now` expires. The claim itself (with the
    // key's advisory lock) is part of CheckoutRepository::start, and its
    // completion part of CheckoutRepository::finish: one statement each.
    static QDateTime expiryAfter(const QDateTime &now);
    DbResult<std::optional<IdempotencyRecord>> find(const QString &key, const QDateTime &now);
    // Drops this transaction's claim, for a refusal that commits other
    // changes: the key stays unused, as after a rollback.
    DbResult<Done> release(const QString &key);
    // For PeriodicJobs; answers how many records went.
    DbResult<int> purgeExpired(const QDateTime &now);

private:
    Database &m_database;
};

} // namespace shop
