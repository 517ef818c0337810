#include "pgpool.h"

#include "core/log.h"
#include "core/threadend.h"
#include "pgconnection.h"

#include <QElapsedTimer>
#include <QTimer>

#include <atomic>
#include <unordered_map>

namespace shop {

namespace {

std::atomic<quint64> g_nextAsyncInstance{1};

PgFailure unavailable(const QString &why)
{
    return PgFailure{PgFailure::Kind::Unavailable, {}, why};
}

// The options the QPSQL driver sets with SET statements when it opens a
// session (DateStyle, TimeZone, client encoding, bytea output), given at
// startup here so a session sends no statement of its own.
std::pair<std::vector<QByteArray>, std::vector<QByteArray>> connectionParameters(const DatabaseUrl &url,
                                                                                const PgPoolOptions &options)
{
    const QByteArray serverOptions = "-c DateStyle=ISO -c TimeZone=UTC -c bytea_output=escape -c statement_timeout="
                                   + QByteArray::number(qint64(options.statementTimeout.count()));
    return {{"host", "port", "user", "password", "dbname", "application_name", "client_encoding", "options"},
            {url.host.toUtf8(), QByteArray::number(url.port), url.user.toUtf8(), url.password.toUtf8(),
             url.database.toUtf8(), "shop", "UTF8", serverOptions}};
}

} // namespace

struct PgPool::Session
{
    std::unique_ptr<PgConnection> connection;
    QTimer reconnect;
    std::chrono::milliseconds backoff{0};
    bool wasLost = false; // to log the return
    QElapsedTimer batchStarted;
};

PgPool::PgPool(const DatabaseUrl &url, PgPoolOptions options)
    : m_options(options)
{
    const auto [keywords, values] = connectionParameters(url, m_options);
    for (int i = 0; i < std::max(1, m_options.connections); ++i) {
        auto session = std::make_unique<Session>();
        Session *s = session.get();
        s->connection = std::make_unique<PgConnection>(keywords, values, m_options.connectTimeout);
        s->connection->onReady = [this, s](PgConnection *) { sessionReady(*s); };
        s->connection->onBroken = [this, s](PgConnection *) { sessionBroken(*s); };
        s->backoff = m_options.firstBackoff;
        s->reconnect.setSingleShot(true);
        QObject::connect(&s->reconnect, &QTimer::timeout, &s->reconnect, [s] { s->connection->connectToServer(); });
        m_sessions.push_back(std::move(session));
    }
    for (const auto &session : m_sessions)
        session->connection->connectToServer();
    m_drainWaiting.setSingleShot(true);
    m_drainWaiting.setInterval(50);
    QObject::connect(&m_drainWaiting, &QTimer::timeout, &m_drainWaiting, [this] {
        // By now a dead idle session has read its end: the reads to run
        // again may go to any session (else a failing reconnect would hold them).
        while (!m_retrying.empty()) {
            m_waiting.push_front(std::move(m_retrying.back()));
            m_retrying.pop_back();
        }
        dispatch();
    });
    m_spill.setSingleShot(true);
    QObject::connect(&m_spill, &QTimer::timeout, &m_spill, [this] { dispatch(); });
}

PgPool::~PgPool()
{
    m_closing = true;
    failWaiting(unavailable(QStringLiteral("the server is stopping")));
    m_sessions.clear(); // each fails its batch in flight
}

void PgPool::run(std::vector<PgStatement> statements, PgCallback done)
{
    Job job;
    job.statements = std::move(statements);
    job.done = std::move(done);
    submit(std::move(job), false);
}

void PgPool::submit(Job job, bool isRetry)
{
    if (m_closing) {
        job.done(unavailable(QStringLiteral("the server is stopping")));
        return;
    }
    if (!anyConnectingOrUp()) {
        job.done(unavailable(m_lastError));
        return;
    }
    if (isRetry) {
        // A read to run again waits for a session that has just connected
        // or finished a batch, which is alive: an idle one may have lost its
        // backend too (all of them ended at once) without having noticed
        // yet. At most a batch per session.
        m_retrying.push_back(std::move(job));
        m_drainWaiting.start();
        return;
    }
    if (m_waiting.size() >= size_t(std::max(0, m_options.maxWaiting))) {
        job.done(PgFailure{PgFailure::Kind::QueueFull, {}, QStringLiteral("too many reads waiting")});
        return;
    }
    m_waiting.push_back(std::move(job));
    dispatch();
}

void PgPool::dispatch()
{
    while (!m_waiting.empty() && !m_closing) {
        Session *ready = readySession();
        if (!ready)
            return; // the next session to connect or finish comes back here
        // One batch in flight at a time: what arrives meanwhile waits and
        // goes in the next one. Fewer, fuller round trips and fewer busy
        // backends serve more reads with a steadier latency than spreading
        // them over every session. Another session starts only when every
        // batch in flight has run past spillAfter: a slow statement then
        // holds up its own batch and no more than spillAfter of the next.
        const std::chrono::milliseconds youngest = youngestBatchAge();
        if (youngest < m_options.spillAfter) {
            if (!m_spill.isActive())
                m_spill.start(m_options.spillAfter - youngest);
            return;
        }
        startWaiting(*ready, false);
    }
}

void PgPool::start(Session &session, std::vector<Job> batch)
{
    std::vector<PgJob> jobs;
    jobs.reserve(batch.size());
    for (Job &job : batch) {
        auto statements = job.statements;
        jobs.push_back(PgJob{std::move(statements), [this, job = std::move(job)](PgResults results) mutable {
            // A session lost under a read: the read runs once more on another.
            if (!results && results.error().kind == PgFailure::Kind::Unavailable && !job.retried && !m_closing) {
                job.retried = true;
                submit(std::move(job), true);
                return;
            }
            job.done(std::move(results));
        }});
    }
    session.batchStarted.start();
    session.connection->run(std::move(jobs));
}

void PgPool::startWaiting(Session &session, bool withRetries)
{
    std::vector<Job> batch;
    const size_t limit = size_t(std::max(1, m_options.maxBatch));
    auto take = [&](std::deque<Job> &from) {
        while (batch.size() < limit && !from.empty()) {
            batch.push_back(std::move(from.front()));
            from.pop_front();
        }
    };
    if (withRetries)
        take(m_retrying);
    take(m_waiting);
    start(session, std::move(batch));
}

void PgPool::sessionReady(Session &session)
{
    session.backoff = m_options.firstBackoff;
    if (session.wasLost) {
        session.wasLost = false;
        log::info("db", QStringLiteral("async read connection reopened"));
    }
    if (!m_retrying.empty() && !m_closing)
        startWaiting(session, true);
    dispatch();
}

void PgPool::sessionBroken(Session &session)
{
    m_lastError = session.connection->lastError();
    if (m_closing)
        return;
    if (!session.wasLost) {
        // A session that was up reconnects at once: its backend may have been
        // ended alone (by an administrator, an idle timeout), and reads wait
        // for the new session rather than failing meanwhile. Attempts that
        // fail wait, 100 ms doubling to 5 s.
        log::warn("db", QStringLiteral("async read connection lost or refused; reconnecting"),
                  {{QStringLiteral("error"), m_lastError}});
        session.wasLost = true;
        session.connection->connectToServer(); // may fail at once and come back here
    } else {
        session.reconnect.start(session.backoff);
        session.backoff = std::min(session.backoff * 2, m_options.maxBackoff);
    }
    if (!anyConnectingOrUp())
        failWaiting(unavailable(m_lastError));
}

PgPool::Session *PgPool::readySession() const
{
    for (const auto &session : m_sessions) {
        if (session->connection->state() == PgConnection::State::Ready)
            return session.get();
    }
    return nullptr;
}

std::chrono::milliseconds PgPool::youngestBatchAge() const
{
    auto youngest = std::chrono::milliseconds::max();
    for (const auto &session : m_sessions) {
        if (session->connection->state() == PgConnection::State::Busy)
            youngest = std::min(youngest, std::chrono::milliseconds(session->batchStarted.elapsed()));
    }
    return youngest;
}

bool PgPool::anyConnectingOrUp() const
{
    for (const auto &session : m_sessions) {
        const PgConnection::State state = session->connection->state();
        if (state == PgConnection::State::Connecting || state == PgConnection::State::Ready
            || state == PgConnection::State::Busy)
            return true;
    }
    return false;
}

void PgPool::failWaiting(const PgFailure &failure)
{
    std::deque<Job> waiting;
    waiting.swap(m_retrying);
    for (Job &job : m_waiting)
        waiting.push_back(std::move(job));
    m_waiting.clear();
    for (Job &job : waiting)
        job.done(failure);
}

AsyncDatabase::AsyncDatabase(DatabaseUrl url, PgPoolOptions options)
    : m_url(std::move(url))
    , m_options(options)
    , m_instanceId(g_nextAsyncInstance.fetch_add(1))
{
}

PgPool &AsyncDatabase::pool()
{
    thread_local std::unordered_map<quint64, std::unique_ptr<PgPool>> pools;
    auto it = pools.find(m_instanceId);
    if (it != pools.end())
        return *it->second;
    if (pools.empty())
        atThreadEnd([] {
            // Moved out first: closing fails jobs, whose callbacks may ask again.
            std::unordered_map<quint64, std::unique_ptr<PgPool>> closing;
            closing.swap(pools);
        });
    return *pools.emplace(m_instanceId, std::make_unique<PgPool>(m_url, m_options)).first->second;
}

} // namespace shop
