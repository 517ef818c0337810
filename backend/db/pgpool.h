#pragma once

#include "core/databaseurl.h"
#include "pgresults.h"

#include <QString>
#include <QTimer>

#include <chrono>
#include <deque>
#include <memory>
#include <vector>

namespace shop {

class PgConnection;

struct PgPoolOptions
{
    int connections = 4;  // sessions per pool (per thread)
    int maxWaiting = 128; // jobs waiting for a free session; more fail at once with QueueFull
    int maxBatch = 32;    // waiting jobs sent in one round trip
    // Another session takes a batch only when every batch in flight has run this long.
    std::chrono::milliseconds spillAfter{10};
    std::chrono::milliseconds statementTimeout{10000}; // the server cancels a statement after this
    std::chrono::milliseconds connectTimeout{5000};
    std::chrono::milliseconds firstBackoff{100}; // before reconnecting a lost session, doubling
    std::chrono::milliseconds maxBackoff{5000};
};

// A few non-blocking PostgreSQL sessions owned by one thread (an HTTP I/O
// thread), sharing one bounded queue of jobs. A job is a few statements
// run on one session; its callback runs on this thread. Jobs go in
// batches, one round trip each (PgConnection's pipeline), one batch in
// flight at a time: a job that arrives while one is out waits for the next.
// A second session starts a batch only when the one in flight is late
// (spillAfter), so a slow statement stalls no more than that.
// Nothing here ever blocks the thread: a slow statement holds one session,
// and the others go on. Lost sessions fail their job (run once more on
// another session, the jobs being reads) and reconnect with a backoff;
// while no session is connected or connecting, jobs fail at once.
// Sessions are set up as the workers' QPSQL ones are (Database): UTF-8,
// ISO dates, UTC, application_name shop; plus statementTimeout.
class PgPool
{
public:
    PgPool(const DatabaseUrl &url, PgPoolOptions options);
    ~PgPool(); // fails what waits or runs as Unavailable
    PgPool(const PgPool &) = delete;
    PgPool &operator=(const PgPool &) = delete;

    void run(std::vector<PgStatement> statements, PgCallback done);

private:
    struct Job
    {
        std::vector<PgStatement> statements;
        PgCallback done;
        bool retried = false;
    };
    struct Session;

    void submit(Job job, bool isRetry);
    void dispatch();
    void start(Session &session, std::vector<Job> batch);
    void startWaiting(Session &session, bool withRetries);
    void sessionReady(Session &session);
    void sessionBroken(Session &session);
    Session *readySession() const;
    std::chrono::milliseconds youngestBatchAge() const; // max() when none is in flight
    bool anyConnectingOrUp() const;
    void failWaiting(const PgFailure &failure);

    PgPoolOptions m_options;
    std::vector<std::unique_ptr<Session>> m_sessions;
    std::deque<Job> m_waiting;
    std::deque<Job> m_retrying; // reads a lost session failed, to run once more
    QString m_lastError;
    QTimer m_drainWaiting;
    QTimer m_spill; // dispatches when the batch in flight turns spillAfter old
    bool m_closing = false;
};

// The PgPool of each thread that asks for one, all on one database: the
// HTTP server's I/O threads each get their own on their first async read.
// A pool closes with its thread's end work (core/threadend.h), which the
// I/O threads run before closing their connections.
class AsyncDatabase
{
public:
    AsyncDatabase(DatabaseUrl url, PgPoolOptions options);
    AsyncDatabase(const AsyncDatabase &) = delete;
    AsyncDatabase &operator=(const AsyncDatabase &) = delete;

    PgPool &pool(); // this thread's

private:
    DatabaseUrl m_url;
    PgPoolOptions m_options;
    quint64 m_instanceId;
};

} // namespace shop
