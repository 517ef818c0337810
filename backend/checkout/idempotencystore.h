#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QSqlError>
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

    // Takes a transaction-scoped lock on the key without waiting; false when
    // another transaction is working on the same key right now.
    QSqlError tryLock(const QString &key, bool &locked);
    // Inserts the key as IN_PROGRESS (replacing an expired record); false
    // when a live record exists.
    QSqlError claim(const QString &key, const QString &fingerprint, const QDateTime &now, bool &claimed);
    QSqlError find(const QString &key, const QDateTime &now, std::optional<IdempotencyRecord> &record);
    QSqlError complete(const QString &key, const StoredResponse &response);
    // For PeriodicJobs.
    QSqlError purgeExpired(const QDateTime &now, int &deleted);

private:
    Database &m_database;
};

} // namespace shop
