#pragma once

#include "connectionmachine.h"
#include "inputbudget.h"
#include "requestparser.h"
#include "router.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

class QTcpServer;

namespace shop {

class HttpConnection;
class Metrics;
class IoThread;

struct HttpServerOptions
{
    int ioThreads = 0;     // 0: one per core
    int workerThreads = 8; // each keeps its own database connection
    ConnectionLimits connection;
    // Connections beyond these are closed as soon as they are accepted.
    // The total is also kept under the process's descriptor limit.
    int maxConnections = 10000;
    int maxConnectionsPerAddress = 256; // 0: no limit (behind a proxy every client has its address)
    // Request input all connections may hold beyond 16 KiB each.
    qint64 inputBudgetBytes = 64 * 1024 * 1024;
    int listenBacklog = 4096; // the kernel caps it at net.core.somaxconn
};

// HTTP/1.1 server built on QtNetwork. Connections are spread over a few
// I/O threads (parsing and writing, never blocking); handlers that may block
// run on a worker pool, so one slow database call never delays another
// request. docs/design/http-threading.md explains the design and numbers.
class HttpServer : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    HttpServer(Router router, Metrics &metrics, HttpServerOptions options = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_port; }

    // Stops accepting, lets requests in flight finish (up to gracePeriod),
    // then closes every connection. Blocks the calling thread.
    void stop(std::chrono::milliseconds gracePeriod);

    const Router &router() const { return m_router; }
    const RequestParser &parser() const { return m_parser; }
    const ConnectionLimits &connectionLimits() const { return m_options.connection; }
    InputBudget &inputBudget() { return m_inputBudget; }

    // Called by a connection, on its thread: for each complete request,
    // when a deadline ended it early, and when its socket closed.
    void dispatch(HttpConnection *connection, HttpRequest request);
    void reportTimeout(ConnectionMachine::Timeout timeout, const QHostAddress &peer);
    void connectionClosed(const QHostAddress &peer);

    QString newCorrelationId() const;

private:
    void acceptConnection(qintptr socketDescriptor);
    bool admit(const QHostAddress &peer);
    void warnAtMostEvery10s(const char *what, const QHostAddress &peer);
    void releaseFreedMemory();
    // A request's handling, whatever runs its handler: begin (correlation
    // id, path parameters), the handler (or 404/405), complete (correlation
    // header, metrics, debug log). handle() does all three for Worker and
    // Inline routes; an Async route's exchange completes when it answers.
    void beginRequest(HttpRequest &request, const RouteMatch &match) const;
    HttpResponse handle(HttpRequest &request, const RouteMatch &match) const;
    void startAsync(HttpConnection *connection, HttpRequest request, const RouteMatch &match);
    HttpResponse completeRequest(const HttpRequest &request, const QByteArray &routeLabel, HttpResponse response,
                                 qint64 elapsedNs) const;
    friend struct AsyncExchange;

    HttpServerOptions m_options;
    Router m_router;
    Metrics &m_metrics;
    RequestParser m_parser;
    InputBudget m_inputBudget;
    std::mutex m_connectionsMutex;
    int m_openConnections = 0;
    QHash<QHostAddress, int> m_connectionsPerAddress;
    std::atomic<int> m_closedSinceTrim{0};
    QTimer m_trimTimer;
    std::mutex m_warningsMutex;
    QHash<QByteArray, qint64> m_lastWarningAt; // ms since epoch, per kind
    prometheus::Gauge &m_openGauge;
    prometheus::Family<prometheus::Counter> &m_refused;
    prometheus::Family<prometheus::Counter> &m_timeouts;
    QThreadPool m_workers;
    std::vector<std::unique_ptr<IoThread>> m_ioThreads;
    QTcpServer *m_listener = nullptr; // lives on the first I/O thread
    std::atomic<size_t> m_nextIoThread{0};
    quint16 m_port = 0;
    bool m_stopped = false;
};

} // namespace shop
