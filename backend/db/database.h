#pragma once

#include "core/databaseurl.h"
#include "dbresult.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

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

    // Runs a prepared statement that returns no rows (INSERT, UPDATE, DELETE).
    DbResult<Done> execute(const QString &sql, const QVariantList &values);
    // The same, answering how many rows the statement touched.
    DbResult<int> executeAndCount(const QString &sql, const QVariantList &values);

    enum class Retry { Never, OnceIfConnectionLost };

    // Runs work on this thread's connection. The QPSQL driver does not notice
    // that the server went away, so when work fails the connection is checked;
    // if it is dead it is reopened and, for idempotent work, work runs once more.
    QSqlError run(const std::function<QSqlError(QSqlDatabase &)> &work, Retry retry);

    // The same for work that answers a DbResult (a repository call, or a
    // transaction of several): the outcome of its last run, or the error that
    // kept it from running at all.
    template<typename Work, typename Outcome = std::invoke_result_t<Work &, QSqlDatabase &>>
        requires isDbResult<Outcome>
    Outcome run(Work work, Retry retry)
    {
        std::optional<Outcome> outcome;
        const QSqlError error = run(
            [&](QSqlDatabase &db) {
                outcome = work(db);
                return outcome->isOk() ? QSqlError() : outcome->error();
            },
            retry);
        if (outcome)
            return *std::move(outcome);
        return error;
    }

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
// A QPSQL connection to url's database registered under name, not yet
// open; QSqlDatabase::removeDatabase(name) once done. Database's per-thread
// connections are made with it, and so are tests' own.
QSqlDatabase addConnection(const DatabaseUrl &url, const QString &name);

bool execPrepared(QSqlQuery &query, const QVariantList &values);

// Runs a prepared statement and reads its first row, if there is one, with
// read(query); the rest of the result is discarded.
template<typename Read, typename Row = std::invoke_result_t<Read &, const QSqlQuery &>>
DbResult<std::optional<Row>> fetchFirst(QSqlQuery &query, const QVariantList &values, Read read)
{
    if (!execPrepared(query, values))
        return query.lastError();
    std::optional<Row> row;
    if (query.next())
        row = read(query);
    query.finish();
    return row;
}

// Runs a prepared statement and reads every row with read(query).
template<typename Read, typename Row = std::invoke_result_t<Read &, const QSqlQuery &>>
DbResult<QList<Row>> fetchAll(QSqlQuery &query, const QVariantList &values, Read read)
{
    if (!execPrepared(query, values))
        return query.lastError();
    QList<Row> rows;
    while (query.next())
        rows.append(read(query));
    query.finish();
    return rows;
}

// Runs a prepared statement that answers one number (a count, a sum); 0
// when it gives no row.
DbResult<qint64> fetchNumber(QSqlQuery &query, const QVariantList &values);

// Whether a statement run by Database::executeAndCount touched any row.
DbResult<bool> touchedAny(const DbResult<int> &rowsAffected);

} // namespace shop
