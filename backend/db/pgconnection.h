#pragma once

#include "pgresults.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>

struct pg_conn; // libpq's PGconn

class QSocketNotifier;

namespace shop {

// Statements run together on one session, and who is told their rows.
struct PgJob
{
    std::vector<PgStatement> statements;
    PgCallback done;
};

// One libpq connection used without ever blocking its thread: connecting
// (PQconnectStartParams/PQconnectPoll), sending and reading are driven by
// socket notifiers on the thread that owns the object, and every callback
// runs there. The session is in libpq's pipeline mode: a batch of jobs
// goes out in one write with one Sync at its end, and its answers come
// back together, so a batch costs the server one wake-up and each side one
// send and one receive, however many reads it holds. A statement is
// prepared on the session the first time it is sent there, in the same
// pipeline. PgPool owns these and decides what runs where.
class PgConnection : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PgConnection)

public:
    enum class State { Idle, Connecting, Ready, Busy, Broken };

    // keywords/values as PQconnectStartParams takes them (same length).
    PgConnection(std::vector<QByteArray> keywords, std::vector<QByteArray> values,
                 std::chrono::milliseconds connectTimeout, QObject *parent = nullptr);
    ~PgConnection() override; // fails the jobs in flight as Unavailable

    State state() const { return m_state; }
    // Opens a new session (dropping the old one); then onReady or onBroken.
    void connectToServer();
    // Only when Ready: runs the jobs as one batch, then calls each job's
    // done in order (on this thread). A statement that fails fails its own
    // job; the server skips the rest of the batch up to the Sync, and the
    // jobs it skipped run again as the next batch.
    void run(std::vector<PgJob> jobs);

    // Told when the connection can take a batch (connected, or a batch
    // ended) and when it broke (connecting failed, or the session was lost).
    std::function<void(PgConnection *)> onReady;
    std::function<void(PgConnection *)> onBroken;

    const QString &lastError() const { return m_lastError; }

private:
    // One answer the session still owes, in the order they come.
    struct Expected
    {
        enum class Kind { Prepare, Statement, Sync };
        Kind kind;
        size_t job = 0;
        QByteArray sql; // Prepare: the statement being prepared
        QByteArray preparedName;
    };
    // A job of the batch on the wire, and what has come back for it.
    struct JobInFlight
    {
        PgJob job;
        std::vector<PgRows> rows;
        std::optional<PgFailure> failure; // its own statement failed
        bool skipped = false;             // the server skipped it after another's failure
    };

    void pollConnecting();
    void onReadable();
    void onWritable();
    void watchSocket(bool read, bool write);
    void send(std::vector<PgJob> jobs);
    bool sendStatement(size_t job, const PgStatement &statement);
    void flush();
    void readResults();
    void answered(const Expected &expected, pg_result *result);
    void batchFinished();
    void breakDown(const QString &why);
    void closeSession();

    std::vector<QByteArray> m_keywords;
    std::vector<QByteArray> m_values;
    std::chrono::milliseconds m_connectTimeout;
    pg_conn *m_conn = nullptr;
    State m_state = State::Idle;
    int m_socket = -1;
    std::unique_ptr<QSocketNotifier> m_readNotifier;
    std::unique_ptr<QSocketNotifier> m_writeNotifier;
    QTimer m_connectDeadline;
    QHash<QByteArray, QByteArray> m_prepared; // SQL -> statement name, in this session (or being prepared)
    quint64 m_preparedCount = 0;              // names are never reused within a session
    std::vector<JobInFlight> m_batch; // while Busy
    std::deque<Expected> m_expected;
    pg_result *m_pending = nullptr; // the current answer's result, until libpq says it is complete
    QString m_lastError;
};

} // namespace shop
