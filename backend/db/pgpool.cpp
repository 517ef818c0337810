#include "pgpool.h"

#include "core/log.h"
#include "core/threadend.h"
#include "pgconnection.h"

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
        while (!m_waiting.empty() && !m_closing) {
            PgConnection *ready = readyConnection();
            if (!ready)
                return;
            Job job = std::move(m_waiting.front());
            m_waiting.pop_front();
            start(*ready, std::move(job));
        }
    });
}

PgPool::~PgPool()
{
    m_closing = true;
    failWaiting(unavailable(QStringLiteral("the server is stopping")));
    m_sessions.clear(); // each fails its job in flight
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
    // A retry waits for a session that has just connected or finished a
    // job: an idle one may have lost its backend too (all of them ended at
    // once) without having noticed yet.
    if (!isRetry) {
        if (PgConnection *ready = readyConnection()) {
            start(*ready, std::move(job));
            return;
        }
    }
    if (!anyConnectingOrUp()) {
        job.done(unavailable(m_lastError));
        return;
    }
    if (isRetry) { // goes first; there are at most as many as sessions
        m_waiting.push_front(std::move(job));
        // By then a dead idle session has read its end: what still waits
        // may go to an idle one (else a failing reconnect would hold it).
        m_drainWaiting.start();
        return;
    }
    if (m_waiting.size() >= size_t(std::max(0, m_options.maxWaiting))) {
        job.done(PgFailure{PgFailure::Kind::QueueFull, {}, QStringLiteral("too many reads waiting")});
        return;
    }
    m_waiting.push_back(std::move(job));
}

void PgPool::start(PgConnection &connection, Job job)
{
    auto statements = job.statements;
    connection.run(std::move(statements), [this, job = std::move(job)](PgResults results) mutable {
        // A session lost under a read: the read runs once more on another.
        if (!results && results.error().kind == PgFailure::Kind::Unavailable && !job.retried && !m_closing) {
            job.retried = true;
            submit(std::move(job), true);
            return;
        }
        job.done(std::move(results));
    });
}

void PgPool::sessionReady(Session &session)
{
    session.backoff = m_options.firstBackoff;
    if (session.wasLost) {
        session.wasLost = false;
        log::info("db", QStringLiteral("async read connection reopened"));
    }
    if (m_waiting.empty() || m_closing)
        return;
    Job job = std::move(m_waiting.front());
    m_waiting.pop_front();
    start(*session.connection, std::move(job));
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

PgConnection *PgPool::readyConnection() const
{
    for (const auto &session : m_sessions) {
        if (session->connection->state() == PgConnection::State::Ready)
            return session->connection.get();
    }
    return nullptr;
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
    waiting.swap(m_waiting);
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
