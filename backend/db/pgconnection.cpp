#include "pgconnection.h"

#include "core/log.h"

#include <QSocketNotifier>

#include <libpq-fe.h>

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
    if (m_job) {
        Job job = std::move(*m_job);
        m_job.reset();
        job.done(unavailable(QStringLiteral("the connection was closed")));
    }
    closeSession();
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
        if (PQsetnonblocking(m_conn, 1) != 0) {
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
    while (!PQisBusy(m_conn)) {
        PGresult *result = PQgetResult(m_conn);
        if (!result) { // the statement's results are complete
            PGresult *last = m_pending;
            m_pending = nullptr;
            statementFinished(last);
            return;
        }
        if (m_pending)
            PQclear(m_pending);
        m_pending = result;
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

void PgConnection::run(std::vector<PgStatement> statements, PgCallback done)
{
    Q_ASSERT(m_state == State::Ready && !m_job);
    if (m_state != State::Ready) {
        done(unavailable(QStringLiteral("the connection is not ready")));
        return;
    }
    // Built apart: clang cannot default-construct a nested struct with
    // member initialisers inside std::optional::emplace (its trait is
    // decided while PgConnection is still incomplete).
    Job job;
    job.statements = std::move(statements);
    job.done = std::move(done);
    m_job = std::move(job);
    m_state = State::Busy;
    if (m_job->statements.empty()) {
        endJob(std::vector<PgRows>{});
        return;
    }
    sendCurrent();
}

void PgConnection::sendCurrent()
{
    const PgStatement &statement = m_job->statements[m_job->next];
    const QByteArray name = m_prepared.value(statement.sql);
    int sent = 0;
    if (name.isEmpty()) {
        // Prepared once per session, as the workers' QPSQL statements are;
        // the parameters' types are inferred by the server.
        m_job->preparing = true;
        m_job->preparedName = "shop_async_" + QByteArray::number(m_prepared.size() + 1);
        sent = PQsendPrepare(m_conn, m_job->preparedName.constData(), statement.sql.constData(), 0, nullptr);
    } else {
        std::vector<const char *> values;
        values.reserve(statement.parameters.size());
        for (const std::optional<QByteArray> &parameter : statement.parameters)
            values.push_back(parameter ? parameter->constData() : nullptr);
        sent = PQsendQueryPrepared(m_conn, name.constData(), static_cast<int>(values.size()), values.data(), nullptr,
                                   nullptr, 0);
    }
    if (sent == 0) {
        breakDown(errorOf(m_conn));
        return;
    }
    flush();
}

void PgConnection::statementFinished(pg_result *result)
{
    if (PQstatus(m_conn) == CONNECTION_BAD) {
        if (result)
            PQclear(result);
        breakDown(errorOf(m_conn));
        return;
    }
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    const bool succeeded = status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
    if (!succeeded) {
        PgFailure failure{PgFailure::Kind::Statement, {}, errorOf(m_conn)};
        if (result) {
            failure.sqlState = PQresultErrorField(result, PG_DIAG_SQLSTATE);
            failure.message = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
            PQclear(result);
        }
        endJob(failure);
        return;
    }
    if (m_job->preparing) {
        PQclear(result);
        m_job->preparing = false;
        m_prepared.insert(m_job->statements[m_job->next].sql, m_job->preparedName);
        sendCurrent();
        return;
    }
    m_job->rows.emplace_back(result);
    if (++m_job->next < m_job->statements.size()) {
        sendCurrent();
        return;
    }
    endJob(std::move(m_job->rows));
}

void PgConnection::endJob(PgResults results)
{
    Job job = std::move(*m_job);
    m_job.reset();
    m_state = State::Ready;
    job.done(std::move(results));
    // done may have given this connection its next job already.
    if (m_state == State::Ready && onReady)
        onReady(this);
}

void PgConnection::breakDown(const QString &why)
{
    m_lastError = why;
    closeSession();
    m_state = State::Broken;
    std::optional<Job> job = std::move(m_job);
    m_job.reset();
    // The owner hears first, so it may be reconnecting already when the
    // job's callback (which may run the job again elsewhere) is told.
    if (onBroken)
        onBroken(this);
    if (job)
        job->done(unavailable(why));
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
    m_prepared.clear();
}

} // namespace shop
