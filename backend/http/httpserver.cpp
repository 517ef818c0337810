#include "httpserver.h"

#include "core/log.h"
#include "core/metrics.h"
#include "httpconnection.h"
#include "problemdetails.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QThread>
#include <QUuid>

namespace shop {

// Accepts on its thread and hands each socket to the server.
class Listener : public QTcpServer
{
public:
    explicit Listener(std::function<void(qintptr)> onConnection)
        : m_onConnection(std::move(onConnection))
    {
    }

protected:
    void incomingConnection(qintptr socketDescriptor) override { m_onConnection(socketDescriptor); }

private:
    std::function<void(qintptr)> m_onConnection;
};

// A thread with an event loop whose `hub` object owns that thread's connections.
class IoThread
{
public:
    IoThread(int index)
    {
        m_thread.setObjectName(QStringLiteral("http-io-%1").arg(index));
        m_hub.moveToThread(&m_thread);
        m_thread.start();
    }

    ~IoThread()
    {
        m_thread.quit();
        m_thread.wait();
    }

    QObject *hub() { return &m_hub; }
    QThread *thread() { return &m_thread; }

    // Closes every connection once its reply is written, waiting up to timeout.
    void closeAll(std::chrono::milliseconds timeout)
    {
        QMetaObject::invokeMethod(
            &m_hub,
            [this] {
                for (HttpConnection *connection : m_hub.findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly))
                    connection->closeWhenIdle();
            },
            Qt::BlockingQueuedConnection);
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeout.count() && countOpen() > 0)
            QThread::msleep(10);
    }

private:
    int countOpen()
    {
        int open = 0;
        QMetaObject::invokeMethod(
            &m_hub,
            [this, &open] {
                for (HttpConnection *connection : m_hub.findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly))
                    open += connection->isOpen() ? 1 : 0;
            },
            Qt::BlockingQueuedConnection);
        return open;
    }

    QThread m_thread;
    QObject m_hub;
};

HttpServer::HttpServer(Router router, Metrics &metrics, HttpServerOptions options, QObject *parent)
    : QObject(parent)
    , m_router(std::move(router))
    , m_metrics(metrics)
    , m_parser(options.limits)
{
    m_workers.setMaxThreadCount(options.workerThreads);
    m_workers.setExpiryTimeout(-1); // keep workers, and so their database connections
    const int ioThreads = options.ioThreads > 0 ? options.ioThreads : std::max(1, QThread::idealThreadCount());
    for (int i = 0; i < ioThreads; ++i)
        m_ioThreads.push_back(std::make_unique<IoThread>(i));
}

HttpServer::~HttpServer()
{
    stop(std::chrono::seconds(5));
}

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    m_listener = new Listener([this](qintptr descriptor) { acceptConnection(descriptor); });
    m_listener->moveToThread(m_ioThreads.front()->thread());
    bool listening = false;
    QMetaObject::invokeMethod(
        m_listener,
        [&] {
            m_listener->setMaxPendingConnections(1024);
            listening = m_listener->listen(address, port);
            if (!listening)
                *error = m_listener->errorString();
            m_port = m_listener->serverPort();
        },
        Qt::BlockingQueuedConnection);
    return listening;
}

void HttpServer::acceptConnection(qintptr socketDescriptor)
{
    IoThread &io = *m_ioThreads[m_nextIoThread.fetch_add(1) % m_ioThreads.size()];
    QMetaObject::invokeMethod(io.hub(), [this, socketDescriptor, hub = io.hub()] {
        new HttpConnection(socketDescriptor, *this, hub);
    });
}

void HttpServer::stop(std::chrono::milliseconds gracePeriod)
{
    if (m_stopped)
        return;
    m_stopped = true;
    if (m_listener) {
        QMetaObject::invokeMethod(
            m_listener, [this] { delete m_listener; }, Qt::BlockingQueuedConnection);
        m_listener = nullptr;
    }
    // Requests in flight finish; their replies are queued to the I/O threads
    // before the close requests below, so they are written first.
    m_workers.waitForDone(static_cast<int>(gracePeriod.count()));
    for (auto &io : m_ioThreads)
        io->closeAll(std::chrono::seconds(2));
    m_ioThreads.clear();
}

QString HttpServer::newCorrelationId() const
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

void HttpServer::dispatch(HttpConnection *connection, HttpRequest request)
{
    RouteMatch match = m_router.match(request.method, request.path);
    if (match.route && match.route->execution == Execution::Inline) {
        const bool keepAlive = request.keepAlive;
        connection->finish(handle(request, match), keepAlive);
        return;
    }
    m_workers.start([this, connection, request = std::move(request), match = std::move(match)]() mutable {
        const bool keepAlive = request.keepAlive;
        HttpResponse response = handle(request, match);
        QMetaObject::invokeMethod(
            connection,
            [connection, response = std::move(response), keepAlive] { connection->finish(response, keepAlive); },
            Qt::QueuedConnection);
    });
}

HttpResponse HttpServer::handle(HttpRequest &request, const RouteMatch &match) const
{
    QElapsedTimer timer;
    timer.start();
    const QByteArray given = request.header("x-correlation-id");
    const bool usable = !given.isEmpty() && given.size() <= 128
        && std::all_of(given.cbegin(), given.cend(), [](char c) { return c > 0x20 && c < 0x7f; });
    request.correlationId = usable ? QString::fromLatin1(given) : newCorrelationId();
    log::CorrelationScope correlation(request.correlationId);

    HttpResponse response;
    QByteArray routeLabel;
    if (match.route) {
        routeLabel = match.route->pathTemplate.toLatin1();
        request.pathParameters = match.pathParameters;
        try {
            response = match.route->handler(request);
        } catch (const std::exception &e) {
            log::error("http", QStringLiteral("request failed"),
                       {{QStringLiteral("route"), match.route->pathTemplate},
                        {QStringLiteral("error"), QString::fromUtf8(e.what())}});
            response = ProblemDetails::internal().toResponse(request);
        }
    } else if (!match.allowedMethods.isEmpty()) {
        routeLabel = QByteArrayLiteral("METHOD_NOT_ALLOWED");
        response = ProblemDetails::methodNotAllowed(QStringLiteral("%1 is not supported here")
                                                 .arg(QString::fromLatin1(request.method)))
                       .toResponse(request);
        response.setHeader("Allow", match.allowedMethods.join(", "));
    } else {
        routeLabel = QByteArrayLiteral("NOT_FOUND");
        response = ProblemDetails::notFound(QStringLiteral("no resource at this path")).toResponse(request);
    }
    response.setHeader("X-Correlation-ID", request.correlationId.toLatin1());
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    m_metrics.observeHttpRequest(request.method, routeLabel, response.status, seconds);
    log::debug("http", QStringLiteral("request"),
               {{QStringLiteral("method"), QString::fromLatin1(request.method)},
                {QStringLiteral("path"), request.path},
                {QStringLiteral("status"), response.status},
                {QStringLiteral("ms"), seconds * 1000.0}});
    return response;
}

} // namespace shop
