#pragma once

#include "pgresults.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

struct pg_conn; // libpq's PGconn

class QSocketNotifier;

namespace shop {

// One libpq connection used without ever blocking its thread: connecting
// (PQconnectStartParams/PQconnectPoll), sending (PQsendQueryPrepared) and
// reading (PQconsumeInput/PQisBusy/PQgetResult) are driven by socket
// notifiers on the thread that owns the object, and every callback runs
// there. It runs one job (a few statements, one after another) at a time;
// a statement is prepared on the connection the first time it runs there.
// PgPool owns these and decides what runs where.
class PgConnection : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PgConnection)

public:
    enum class State { Idle, Connecting, Ready, Busy, Broken };

    // keywords/values as PQconnectStartParams takes them (same length).
    PgConnection(std::vector<QByteArray> keywords, std::vector<QByteArray> values,
                 std::chrono::milliseconds connectTimeout, QObject *parent = nullptr);
    ~PgConnection() override; // fails a job in flight as Unavailable

    State state() const { return m_state; }
    // Opens a new session (dropping the old one); then onReady or onBroken.
    void connectToServer();
    // Only when Ready: runs statements, then calls done (on this thread).
    void run(std::vector<PgStatement> statements, PgCallback done);

    // Told when the connection can take a job (connected, or a job ended)
    // and when it broke (connecting failed, or the session was lost).
    std::function<void(PgConnection *)> onReady;
    std::function<void(PgConnection *)> onBroken;

    const QString &lastError() const { return m_lastError; }

private:
    void pollConnecting();
    void onReadable();
    void onWritable();
    void watchSocket(bool read, bool write);
    void sendCurrent();
    void flush();
    // A statement's results are all in; goes on with the next or ends the job.
    void statementFinished(pg_result *result);
    void endJob(PgResults results);
    void breakDown(const QString &why);
    void closeSession();

    struct Job
    {
        std::vector<PgStatement> statements;
        PgCallback done;
        size_t next = 0;
        bool preparing = false; // the statement being sent is being prepared first
        QByteArray preparedName;
        std::vector<PgRows> rows;
    };

    std::vector<QByteArray> m_keywords;
    std::vector<QByteArray> m_values;
    std::chrono::milliseconds m_connectTimeout;
    pg_conn *m_conn = nullptr;
    State m_state = State::Idle;
    int m_socket = -1;
    std::unique_ptr<QSocketNotifier> m_readNotifier;
    std::unique_ptr<QSocketNotifier> m_writeNotifier;
    QTimer m_connectDeadline;
    QHash<QByteArray, QByteArray> m_prepared; // SQL -> statement name, in this session
    std::optional<Job> m_job;
    pg_result *m_pending = nullptr; // the current statement's result, until libpq says it is complete
    QString m_lastError;
};

} // namespace shop
