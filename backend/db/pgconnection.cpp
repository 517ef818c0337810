#include "pgconnection.h"

#include "core/log.h"

#include <QSocketNotifier>

#include <libpq-fe.h>

#include <utility>

namespace shop {

namespace {

// As the workers' connections do (database.cpp): server notices go to the
// log as JSON, not to stderr.
void logServerNotice(void *, const char *message)
{
    log::warn("db", QString::fromUtf8(message).trimmed());
}

QString errorOf(const PGconn *conn)
{
    return conn ? QString::fromUtf8(PQerrorMessage(conn)).trimmed() : QStringLiteral("no connection");
}

PgFailure unavailable(const QString &why)
{
    return PgFailure{PgFailure::Kind::Unavailable, {}, why};
}

} // namespace

PgConnection::PgConnection(std::vector<QByteArray> keywords, std::vector<QByteArray> values,
                           std::chrono::milliseconds connectTimeout, QObject *parent)
    : QObject(parent)
    , m_keywords(std::move(keywords))
    , m_values(std::move(values))
    , m_connectTimeout(connectTimeout)
{
    m_connectDeadline.setSingleShot(true);
    connect(&m_connectDeadline, &QTimer::timeout, this,
            [this] { breakDown(QStringLiteral("connecting took longer than %1 ms").arg(m_connectTimeout.count())); });
}

PgConnection::~PgConnection()
{
    onReady = nullptr;
    onBroken = nullptr;
    std::vector<JobInFlight> batch = std::exchange(m_batch, {});
    closeSession();
    for (JobInFlight &inFlight : batch)
        inFlight.job.done(unavailable(QStringLiteral("the connection was closed")));
}

void PgConnection::connectToServer()
{
    closeSession();
    std::vector<const char *> keywords;
    std::vector<const char *> values;
    for (size_t i = 0; i < m_keywords.size(); ++i) {
        keywords.push_back(m_keywords[i].constData());
        values.push_back(m_values[i].constData());
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    m_conn = PQconnectStartParams(keywords.data(), values.data(), 0);
    if (!m_conn || PQstatus(m_conn) == CONNECTION_BAD) {
        breakDown(errorOf(m_conn));
        return;
    }
    PQsetNoticeProcessor(m_conn, logServerNotice, nullptr);
    m_state = State::Connecting;
    m_connectDeadline.start(m_connectTimeout);
    watchSocket(false, true); // libpq: before the first poll, act as if it asked to write
}

void PgConnection::watchSocket(bool read, bool write)
{
    const int socket = PQsocket(m_conn);
    // While connecting libpq may close its socket and open another (the
    // next address of a host), possibly with the same number: notifiers
    // are made anew for every step then.
    if (socket != m_socket || m_state == State::Connecting) {
        m_readNotifier.reset();
        m_writeNotifier.reset();
        m_socket = socket;
        if (socket < 0) {
            breakDown(QStringLiteral("libpq has no socket"));
            return;
        }
        m_readNotifier = std::make_unique<QSocketNotifier>(socket, QSocketNotifier::Read);
        m_writeNotifier = std::make_unique<QSocketNotifier>(socket, QSocketNotifier::Write);
        connect(m_readNotifier.get(), &QSocketNotifier::activated, this, &PgConnection::onReadable);
        connect(m_writeNotifier.get(), &QSocketNotifier::activated, this, &PgConnection::onWritable);
    }
    m_readNotifier->setEnabled(read);
    m_writeNotifier->setEnabled(write);
}

void PgConnection::pollConnecting()
{
    switch (PQconnectPoll(m_conn)) {
    case PGRES_POLLING_READING:
        watchSocket(true, false);
        return;
    case PGRES_POLLING_WRITING:
        watchSocket(false, true);
        return;
    case PGRES_POLLING_OK:
        m_connectDeadline.stop();
        if (PQsetnonblocking(m_conn, 1) != 0 || PQenterPipelineMode(m_conn) != 1) {
            breakDown(errorOf(m_conn));
            return;
        }
        m_state = State::Ready;
        // Reading stays on while idle, so a session the server ends (a
        // restart) is noticed at once rather than by the next request.
        watchSocket(true, false);
        if (onReady)
            onReady(this);
        return;
    case PGRES_POLLING_FAILED:
    default:
        breakDown(errorOf(m_conn));
        return;
    }
}

void PgConnection::onReadable()
{
    if (m_state == State::Connecting) {
        pollConnecting();
        return;
    }
    if (!m_conn)
        return;
    if (PQconsumeInput(m_conn) == 0 || PQstatus(m_conn) == CONNECTION_BAD) {
        breakDown(errorOf(m_conn));
        return;
    }
    if (m_writeNotifier && m_writeNotifier->isEnabled()) {
        flush();
        if (!m_conn)
            return;
    }
    if (m_state != State::Busy) {
        // Nothing was asked: drop whatever came (libpq already passed notices on).
        while (!PQisBusy(m_conn)) {
            PGresult *stray = PQgetResult(m_conn);
            if (!stray)
                break;
            PQclear(stray);
        }
        return;
    }
    readResults();
}

void PgConnection::readResults()
{
    // libpq makes the answers of statements the server skipped itself, with
    // nothing more to read from the socket: everything it has is taken now.
    while (m_conn && !m_expected.empty() && !PQisBusy(m_conn)) {
        PGresult *result = PQgetResult(m_conn);
        if (PQstatus(m_conn) == CONNECTION_BAD) {
            // The session ended under the batch (its error is the server's
            // goodbye, not the statement's): the reads run again elsewhere.
            if (result)
                PQclear(result);
            breakDown(errorOf(m_conn));
            return;
        }
        const Expected &expected = m_expected.front();
        if (expected.kind == Expected::Kind::Sync) {
            const bool synced = result && PQresultStatus(result) == PGRES_PIPELINE_SYNC;
            if (result)
                PQclear(result);
            if (!synced) {
                breakDown(QStringLiteral("the server's answers lost their order: ") + errorOf(m_conn));
                return;
            }
            m_expected.pop_front();
            batchFinished();
            return;
        }
        if (result) { // a statement's answer may come in several results; the last one counts
            if (m_pending)
                PQclear(m_pending);
            m_pending = result;
            continue;
        }
        // A null result ends the answer to one statement.
        PGresult *last = m_pending;
        m_pending = nullptr;
        const Expected done = std::move(m_expected.front());
        m_expected.pop_front();
        answered(done, last);
    }
}

void PgConnection::onWritable()
{
    if (m_state == State::Connecting)
        pollConnecting();
    else if (m_conn)
        flush();
}

void PgConnection::flush()
{
    const int pending = PQflush(m_conn);
    if (pending < 0) {
        breakDown(errorOf(m_conn));
        return;
    }
    m_writeNotifier->setEnabled(pending == 1);
}

void PgConnection::run(std::vector<PgJob> jobs)
{
    Q_ASSERT(m_state == State::Ready && m_batch.empty());
    if (m_state != State::Ready) {
        for (PgJob &job : jobs)
            job.done(unavailable(QStringLiteral("the connection is not ready")));
        return;
    }
    m_state = State::Busy;
    send(std::move(jobs));
}

void PgConnection::send(std::vector<PgJob> jobs)
{
    m_batch.reserve(jobs.size());
    for (PgJob &job : jobs)
        m_batch.push_back(JobInFlight{std::move(job), {}, std::nullopt, false});
    for (size_t job = 0; job < m_batch.size(); ++job) {
        for (const PgStatement &statement : m_batch[job].job.statements) {
            if (!sendStatement(job, statement))
                return;
        }
    }
    if (PQpipelineSync(m_conn) != 1) {
        breakDown(errorOf(m_conn));
        return;
    }
    m_expected.push_back(Expected{Expected::Kind::Sync, 0, {}, {}});
    flush();
}

bool PgConnection::sendStatement(size_t job, const PgStatement &statement)
{
    QByteArray name = m_prepared.value(statement.sql);
    if (name.isEmpty()) {
        // Prepared once per session, as the workers' QPSQL statements are;
        // the parameters' types are inferred by the server. Known at once,
        // so a later statement of the batch with the same SQL uses it.
        name = "shop_async_" + QByteArray::number(++m_preparedCount);
        if (PQsendPrepare(m_conn, name.constData(), statement.sql.constData(), 0, nullptr) != 1) {
            breakDown(errorOf(m_conn));
            return false;
        }
        m_prepared.insert(statement.sql, name);
        m_expected.push_back(Expected{Expected::Kind::Prepare, job, statement.sql, name});
    }
    std::vector<const char *> values;
    values.reserve(statement.parameters.size());
    for (const std::optional<QByteArray> &parameter : statement.parameters)
        values.push_back(parameter ? parameter->constData() : nullptr);
    if (PQsendQueryPrepared(m_conn, name.constData(), static_cast<int>(values.size()), values.data(), nullptr,
                            nullptr, 0)
        != 1) {
        breakDown(errorOf(m_conn));
        return false;
    }
    m_expected.push_back(Expected{Expected::Kind::Statement, job, {}, {}});
    return true;
}

void PgConnection::answered(const Expected &expected, pg_result *result)
{
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    const bool succeeded = status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
    JobInFlight &inFlight = m_batch[expected.job];
    if (expected.kind == Expected::Kind::Prepare && !succeeded) {
        // Not made: the next batch prepares it again.
        if (m_prepared.value(expected.sql) == expected.preparedName)
            m_prepared.remove(expected.sql);
    }
    if (succeeded) {
        if (expected.kind == Expected::Kind::Statement && !inFlight.failure && !inFlight.skipped)
            inFlight.rows.emplace_back(result); // takes the result over
        else
            PQclear(result);
        return;
    }
    // A job's first failure decides: its own error, or a skip because of another's.
    if (!inFlight.failure) {
        if (status == PGRES_PIPELINE_ABORTED) {
            inFlight.skipped = true;
        } else {
            PgFailure failure{PgFailure::Kind::Statement, {}, errorOf(m_conn)};
            if (result) {
                failure.sqlState = PQresultErrorField(result, PG_DIAG_SQLSTATE);
                failure.message = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
            }
            inFlight.failure = std::move(failure);
            inFlight.skipped = false;
        }
    }
    if (result)
        PQclear(result);
}

void PgConnection::batchFinished()
{
    std::vector<JobInFlight> batch = std::exchange(m_batch, {});
    std::vector<PgJob> skipped;
    std::vector<std::pair<PgCallback, PgResults>> answers;
    for (JobInFlight &inFlight : batch) {
        if (inFlight.failure)
            answers.emplace_back(std::move(inFlight.job.done), std::move(*inFlight.failure));
        else if (inFlight.skipped)
            skipped.push_back(std::move(inFlight.job));
        else
            answers.emplace_back(std::move(inFlight.job.done), std::move(inFlight.rows));
    }
    // Skipped jobs go again at once, ahead of anything the answers bring.
    if (!skipped.empty())
        send(std::move(skipped));
    else
        m_state = State::Ready;
    for (auto &[done, results] : answers)
        done(std::move(results));
    // An answer may have given this connection its next batch already.
    if (m_state == State::Ready && onReady)
        onReady(this);
}

void PgConnection::breakDown(const QString &why)
{
    m_lastError = why;
    closeSession();
    m_state = State::Broken;
    std::vector<JobInFlight> batch = std::exchange(m_batch, {});
    // The owner hears first, so it may be reconnecting already when the
    // jobs' callbacks (which may run them again elsewhere) are told.
    if (onBroken)
        onBroken(this);
    for (JobInFlight &inFlight : batch)
        inFlight.job.done(unavailable(why));
}

void PgConnection::closeSession()
{
    // Notifiers go before libpq closes the socket they watch.
    m_readNotifier.reset();
    m_writeNotifier.reset();
    m_socket = -1;
    m_connectDeadline.stop();
    if (m_pending) {
        PQclear(m_pending);
        m_pending = nullptr;
    }
    if (m_conn) {
        PQfinish(m_conn);
        m_conn = nullptr;
    }
    m_expected.clear();
    m_prepared.clear();
    m_preparedCount = 0;
}

} // namespace shop
