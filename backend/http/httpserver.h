#pragma once

#include "requestparser.h"
#include "router.h"

#include <QHostAddress>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <memory>
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
    RequestLimits limits;
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

    // Called by a connection, on its thread, for each complete request.
    void dispatch(HttpConnection *connection, HttpRequest request);

    QString newCorrelationId() const;

private:
    void acceptConnection(qintptr socketDescriptor);
    HttpResponse handle(HttpRequest &request, const RouteMatch &match) const;

    Router m_router;
    Metrics &m_metrics;
    RequestParser m_parser;
    QThreadPool m_workers;
    std::vector<std::unique_ptr<IoThread>> m_ioThreads;
    QTcpServer *m_listener = nullptr; // lives on the first I/O thread
    std::atomic<size_t> m_nextIoThread{0};
    quint16 m_port = 0;
    bool m_stopped = false;
};

} // namespace shop
