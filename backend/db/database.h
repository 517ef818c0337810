#pragma once

#include "core/databaseurl.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <memory>

namespace shop {

// Hands each thread its own QSqlDatabase connection (QPSQL connections may
// only be used by the thread that opened them), opened lazily and closed when
// the thread ends. Also keeps each connection's prepared statements, so a
// statement is parsed once per connection instead of on every call.
class Database
{
public:
    explicit Database(DatabaseUrl url);
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // This thread's connection; check isOpen() for whether opening worked.
    QSqlDatabase connection();

    // A prepared statement of this thread's connection, ready to bind and exec.
    // Finish using it (read all rows or call finish()) before the next statement.
    std::shared_ptr<QSqlQuery> prepared(const QString &sql);

    // Runs a prepared statement that returns no rows (INSERT, UPDATE, DELETE);
    // rowsAffected, when given, receives how many rows it touched.
    QSqlError execute(const QString &sql, const QVariantList &values, int *rowsAffected = nullptr);

    enum class Retry { Never, OnceIfConnectionLost };

    // Runs work on this thread's connection. The QPSQL driver does not notice
    // that the server went away, so when work fails the connection is checked;
    // if it is dead it is reopened and, for idempotent work, work runs once more.
    QSqlError run(const std::function<QSqlError(QSqlDatabase &)> &work, Retry retry);

    // True when this thread's connection answers a trivial query; reconnects once if not.
    bool ping(QString *error = nullptr);

    const DatabaseUrl &url() const { return m_url; }

private:
    struct ThreadConnection;  // this thread's connection of this instance
    struct ThreadConnections; // every connection this thread opened
    static ThreadConnections &threadConnections();
    ThreadConnection &threadConnection();
    bool isAlive(QSqlDatabase &db);
    void reopen();

    DatabaseUrl m_url;
    quint64 m_instanceId;
};

// Rolls back unless commit() succeeded, so an early return never leaves a
// transaction open.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return m_active; }
    QSqlError error() const { return m_error; }
    bool commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
    QSqlError m_error;
};

// Binds values in order and runs a prepared statement.
bool execPrepared(QSqlQuery &query, const QVariantList &values);

} // namespace shop
