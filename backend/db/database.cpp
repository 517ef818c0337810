#include "database.h"

#include "core/log.h"
#include "core/threadend.h"

#include <QHash>
#include <QSqlDriver>
#include <QThread>

#include <libpq-fe.h>

#include <atomic>
#include <memory>

namespace shop {

namespace {

std::atomic<quint64> g_nextInstanceId{1};

// libpq prints server notices (and "terminating connection" messages on idle
// connections) to stderr; keep every output line JSON instead.
void logServerNotice(void *, const char *message)
{
    log::warn("db", QString::fromUtf8(message).trimmed());
}

void routeNoticesToLog(QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    // Qt registers the handle under libpq's struct name.
    if (handle.isValid() && (qstrcmp(handle.typeName(), "pg_conn*") == 0 || qstrcmp(handle.typeName(), "PGconn*") == 0)) {
        if (PGconn *connection = *static_cast<PGconn *const *>(handle.constData()))
            PQsetNoticeProcessor(connection, logServerNotice, nullptr);
    }
}

} // namespace

// Per-thread state: the connections this thread opened (one per Database
// instance) and their prepared statements. Destroyed when the thread ends,
// which closes the connections.
struct Database::ThreadConnection
{
    QSqlDatabase db;
    QHash<QString, std::shared_ptr<QSqlQuery>> statements;
};

struct Database::ThreadConnections
{
    QHash<quint64, ThreadConnection> byInstance;

    ~ThreadConnections() { closeAll(); }

    void closeAll()
    {
        QStringList names;
        for (ThreadConnection &connection : byInstance) {
            names.append(connection.db.connectionName());
            connection.statements.clear();
            connection.db = QSqlDatabase();
        }
        byInstance.clear();
        for (const QString &name : names)
            QSqlDatabase::removeDatabase(name);
    }
};

Database::ThreadConnections &Database::threadConnections()
{
    thread_local ThreadConnections connections;
    return connections;
}

Database::Database(DatabaseUrl url)
    : m_url(std::move(url))
    , m_instanceId(g_nextInstanceId.fetch_add(1))
{
}

Database::ThreadConnection &Database::threadConnection()
{
    ThreadConnections &connections = threadConnections();
    auto it = connections.byInstance.find(m_instanceId);
    if (it != connections.byInstance.end())
        return it.value();
    // A thread that runs its end work (a BackgroundThread) closes them there,
    // before whoever joins it may go on to end the process; the thread_local
    // destructor would be too late. Registered again after such a close.
    if (connections.byInstance.isEmpty())
        atThreadEnd([] { threadConnections().closeAll(); });
    // Kept in the thread's state so the hot path never touches Qt's global,
    // lock-protected connection registry.
    const QString name = QStringLiteral("shop-%1-%2")
                             .arg(m_instanceId)
                             .arg(reinterpret_cast<quintptr>(QThread::currentThreadId()));
    QSqlDatabase db = addConnection(m_url, name);
    db.setConnectOptions(QStringLiteral("connect_timeout=5;application_name=shop"));
    return connections.byInstance.insert(m_instanceId, {db, {}}).value();
}

QSqlDatabase Database::connection()
{
    ThreadConnection &connection = threadConnection();
    QSqlDatabase &db = connection.db;
    if (db.isOpen())
        return db;
    connection.statements.clear(); // prepared statements belong to the session that closed
    if (db.open())
        routeNoticesToLog(db);
    else
        log::warn("db", QStringLiteral("cannot open database connection"),
                  {{QStringLiteral("error"), db.lastError().text()}});
    return db;
}

std::shared_ptr<QSqlQuery> Database::prepared(const QString &sql)
{
    QSqlDatabase db = connection();
    auto &statements = threadConnection().statements;
    if (auto cached = statements.value(sql))
        return cached;
    auto query = std::make_shared<QSqlQuery>(db);
    query->setForwardOnly(true);
    if (query->prepare(sql)) // a failed prepare is not kept; exec reports its error
        statements.insert(sql, query);
    return query;
}

DbResult<Done> Database::execute(const QString &sql, const QVariantList &values)
{
    const DbResult<int> executed = executeAndCount(sql, values);
    if (!executed)
        return executed.error();
    return Done{};
}

DbResult<int> Database::executeAndCount(const QString &sql, const QVariantList &values)
{
    const std::shared_ptr<QSqlQuery> query = prepared(sql);
    if (!execPrepared(*query, values))
        return query->lastError();
    const int rowsAffected = query->numRowsAffected();
    query->finish();
    return rowsAffected;
}

bool Database::isAlive(QSqlDatabase &db)
{
    if (!db.isOpen())
        return false;
    QSqlQuery probe(db);
    return probe.exec(QStringLiteral("SELECT 1"));
}

void Database::reopen()
{
    ThreadConnection &connection = threadConnection();
    connection.statements.clear(); // prepared statements died with the session
    QSqlDatabase &db = connection.db;
    db.close();
    if (!db.open()) {
        log::warn("db", QStringLiteral("cannot reopen database connection"),
                  {{QStringLiteral("error"), db.lastError().text()}});
        return;
    }
    routeNoticesToLog(db);
    log::info("db", QStringLiteral("database connection reopened"));
}

QSqlError Database::run(const std::function<QSqlError(QSqlDatabase &)> &work, Retry retry)
{
    QSqlDatabase db = connection();
    if (!db.isOpen())
        return db.lastError(); // the next call tries to open it again
    const QSqlError error = work(db);
    if (!error.isValid() || isAlive(db))
        return error;
    reopen();
    if (retry == Retry::Never || !db.isOpen())
        return error;
    return work(db);
}

bool Database::ping(QString *error)
{
    const QSqlError result = run(
        [](QSqlDatabase &db) {
            QSqlQuery query(db);
            query.exec(QStringLiteral("SELECT 1"));
            return query.lastError();
        },
        Retry::OnceIfConnectionLost);
    if (result.isValid() && error)
        *error = result.text();
    return !result.isValid();
}

Transaction::Transaction(QSqlDatabase db)
    : m_db(std::move(db))
{
    m_active = m_db.transaction();
    if (!m_active)
        m_error = m_db.lastError();
}

Transaction::~Transaction()
{
    if (m_active)
        m_db.rollback();
}

bool Transaction::commit()
{
    if (!m_active)
        return false;
    m_active = false;
    if (!m_db.commit()) {
        m_error = m_db.lastError();
        m_db.rollback();
        return false;
    }
    return true;
}

QSqlDatabase addConnection(const DatabaseUrl &url, const QString &name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(url.host);
    db.setPort(url.port);
    db.setUserName(url.user);
    db.setPassword(url.password);
    db.setDatabaseName(url.database);
    return db;
}

bool execPrepared(QSqlQuery &query, const QVariantList &values)
{
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    return query.exec();
}

DbResult<qint64> fetchNumber(QSqlQuery &query, const QVariantList &values)
{
    const DbResult<std::optional<qint64>> number =
        fetchFirst(query, values, [](const QSqlQuery &row) { return row.value(0).toLongLong(); });
    if (!number)
        return number.error();
    return number.value().value_or(0);
}

DbResult<bool> touchedAny(const DbResult<int> &rowsAffected)
{
    if (!rowsAffected)
        return rowsAffected.error();
    return rowsAffected.value() > 0;
}

} // namespace shop
