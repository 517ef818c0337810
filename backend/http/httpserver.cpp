#include "httpserver.h"

#include "core/log.h"
#include "core/metrics.h"
#include "core/threadend.h"
#include "httpconnection.h"
#include "problemdetails.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QThread>
#include <QUuid>

#include <malloc.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

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
        // The thread's end work goes first: it closes the database sessions
        // of async routes (db/pgpool.h), whose requests are then answered
        // while their connections live. Connections still open (their
        // replies never came) go next, on their own thread.
        QMetaObject::invokeMethod(
            &m_hub,
            [this] {
                runThreadEndWork();
                qDeleteAll(m_hub.findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly));
            },
            Qt::BlockingQueuedConnection);
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

namespace {

// Descriptors kept back for database and broker connections and files.
constexpr rlim_t kReservedDescriptors = 256;

// Raises the soft descriptor limit to the hard one and answers how many
// connections fit under it.
int connectionsTheProcessCanHold()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024 - static_cast<int>(kReservedDescriptors);
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    const rlim_t usable = limit.rlim_cur > kReservedDescriptors * 2 ? limit.rlim_cur - kReservedDescriptors
                                                                     : limit.rlim_cur / 2;
    return static_cast<int>(std::min<rlim_t>(usable, 1 << 30));
}

QHostAddress peerOf(qintptr socketDescriptor)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(static_cast<int>(socketDescriptor), reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    QHostAddress peer(reinterpret_cast<const sockaddr *>(&address));
    // An IPv4 client of a dual-stack socket counts as its IPv4 address.
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : peer;
}

const char *timeoutName(ConnectionMachine::Timeout timeout)
{
    switch (timeout) {
    case ConnectionMachine::Timeout::Idle: return "idle";
    case ConnectionMachine::Timeout::Header: return "header";
    case ConnectionMachine::Timeout::Request: return "request";
    case ConnectionMachine::Timeout::Write: return "write";
    case ConnectionMachine::Timeout::Drain: return "drain";
    case ConnectionMachine::Timeout::None: break;
    }
    return "none";
}

} // namespace

HttpServer::HttpServer(Router router, Metrics &metrics, HttpServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_router(std::move(router))
    , m_metrics(metrics)
    , m_parser(options.connection.request)
    , m_inputBudget(options.inputBudgetBytes)
    , m_openGauge(prometheus::BuildGauge()
                      .Name("http_connections_open")
                      .Help("Client connections open")
                      .Register(metrics.registry())
                      .Add({}))
    , m_refused(prometheus::BuildCounter()
                    .Name("http_connections_refused_total")
                    .Help("Connections closed at accept because a connection limit was reached, by limit")
                    .Register(metrics.registry()))
    , m_timeouts(prometheus::BuildCounter()
                     .Name("http_connection_timeouts_total")
                     .Help("Connections ended by a deadline: idle, header, request, write, drain")
                     .Register(metrics.registry()))
{
    m_options.maxConnections = std::min(m_options.maxConnections, connectionsTheProcessCanHold());
    m_workers.setMaxThreadCount(options.workerThreads);
    m_workers.setExpiryTimeout(-1); // keep workers, and so their database connections
    const int ioThreads = options.ioThreads > 0 ? options.ioThreads : std::max(1, QThread::idealThreadCount());
    for (int i = 0; i < ioThreads; ++i)
        m_ioThreads.push_back(std::make_unique<IoThread>(i));
    // glibc keeps freed memory in its arenas; after an attack's buffers are
    // gone, give it back to the system.
    m_trimTimer.setInterval(5000);
    connect(&m_trimTimer, &QTimer::timeout, this, &HttpServer::releaseFreedMemory);
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
            m_listener->setListenBacklogSize(m_options.listenBacklog);
            listening = m_listener->listen(address, port);
            if (!listening)
                *error = m_listener->errorString();
            m_port = m_listener->serverPort();
        },
        Qt::BlockingQueuedConnection);
    if (listening)
        m_trimTimer.start();
    return listening;
}

void HttpServer::acceptConnection(qintptr socketDescriptor)
{
    const QHostAddress peer = peerOf(socketDescriptor);
    if (!admit(peer)) {
        ::close(static_cast<int>(socketDescriptor));
        return;
    }
    IoThread &io = *m_ioThreads[m_nextIoThread.fetch_add(1) % m_ioThreads.size()];
    QMetaObject::invokeMethod(io.hub(), [this, socketDescriptor, peer, hub = io.hub()] {
        new HttpConnection(static_cast<int>(socketDescriptor), peer, *this, hub);
    });
}

bool HttpServer::admit(const QHostAddress &peer)
{
    const char *refusedBy = nullptr;
    {
        std::lock_guard lock(m_connectionsMutex);
        int &fromPeer = m_connectionsPerAddress[peer];
        if (m_openConnections >= m_options.maxConnections)
            refusedBy = "total";
        else if (m_options.maxConnectionsPerAddress > 0 && fromPeer >= m_options.maxConnectionsPerAddress)
            refusedBy = "per-address";
        if (!refusedBy) {
            ++m_openConnections;
            ++fromPeer;
        } else if (fromPeer == 0) {
            m_connectionsPerAddress.remove(peer);
        }
    }
    if (!refusedBy) {
        m_openGauge.Increment();
        return true;
    }
    m_refused.Add({{"limit", refusedBy}}).Increment();
    warnAtMostEvery10s(refusedBy, peer);
    return false;
}

void HttpServer::connectionClosed(const QHostAddress &peer)
{
    {
        std::lock_guard lock(m_connectionsMutex);
        --m_openConnections;
        const auto it = m_connectionsPerAddress.find(peer);
        if (it != m_connectionsPerAddress.end() && --it.value() <= 0)
            m_connectionsPerAddress.erase(it);
    }
    m_openGauge.Decrement();
    ++m_closedSinceTrim;
}

void HttpServer::reportTimeout(ConnectionMachine::Timeout timeout, const QHostAddress &peer)
{
    const char *name = timeoutName(timeout);
    m_timeouts.Add({{"kind", name}}).Increment();
    if (timeout != ConnectionMachine::Timeout::Idle) // idle keep-alive connections end every day
        warnAtMostEvery10s(name, peer);
}

// Under attack these happen thousands of times a second: the counters count
// every one, the log says it once in a while.
void HttpServer::warnAtMostEvery10s(const char *what, const QHostAddress &peer)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    {
        std::lock_guard lock(m_warningsMutex);
        qint64 &last = m_lastWarningAt[QByteArray(what)];
        if (last != 0 && now - last < 10000)
            return;
        last = now;
    }
    log::warn("http", QStringLiteral("connection limit or deadline reached: %1").arg(QLatin1String(what)),
              {{QStringLiteral("peer"), peer.toString()},
               {QStringLiteral("note"), QStringLiteral("counted in http_connections_refused_total and "
                                                       "http_connection_timeouts_total; logged at most every 10 s")}});
}

void HttpServer::releaseFreedMemory()
{
    if (m_closedSinceTrim.exchange(0) > 0)
        ::malloc_trim(0);
}

void HttpServer::stop(std::chrono::milliseconds gracePeriod)
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_trimTimer.stop();
    if (m_listener) {
        QMetaObject::invokeMethod(
            m_listener, [this] { delete m_listener; }, Qt::BlockingQueuedConnection);
        m_listener = nullptr;
    }
    // Requests in flight finish; their replies are queued to the I/O threads
    // before the close requests below, so they are written first. Then each
    // worker closes its database connections itself (core/threadend.h).
    const QDeadlineTimer deadline(gracePeriod);
    runEndWorkOnPoolThreads(m_workers, gracePeriod);
    m_workers.waitForDone(static_cast<int>(deadline.remainingTime()));
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
    if (match.route && match.route->execution == Execution::Async) {
        startAsync(connection, std::move(request), match);
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

namespace {

QByteArray routeLabelOf(const RouteMatch &match)
{
    if (match.route)
        return match.route->pathTemplate.toLatin1();
    if (!match.allowedMethods.isEmpty())
        return QByteArrayLiteral("METHOD_NOT_ALLOWED");
    return QByteArrayLiteral("NOT_FOUND");
}

void logHandlerFailure(const Route &route, const std::exception &e)
{
    log::error("http", QStringLiteral("request failed"),
               {{QStringLiteral("route"), route.pathTemplate}, {QStringLiteral("error"), QString::fromUtf8(e.what())}});
}

} // namespace

void HttpServer::beginRequest(HttpRequest &request, const RouteMatch &match) const
{
    const QByteArray given = request.header("x-correlation-id");
    const bool usable = !given.isEmpty() && given.size() <= 128
        && std::all_of(given.cbegin(), given.cend(), [](char c) { return c > 0x20 && c < 0x7f; });
    request.correlationId = usable ? QString::fromLatin1(given) : newCorrelationId();
    if (match.route)
        request.pathParameters = match.pathParameters;
}

HttpResponse HttpServer::handle(HttpRequest &request, const RouteMatch &match) const
{
    QElapsedTimer timer;
    timer.start();
    beginRequest(request, match);
    log::CorrelationScope correlation(request.correlationId);

    HttpResponse response;
    if (match.route) {
        try {
            response = match.route->handler(request);
        } catch (const std::exception &e) {
            logHandlerFailure(*match.route, e);
            response = ProblemDetails::internal().toResponse(request);
        }
    } else if (!match.allowedMethods.isEmpty()) {
        response = ProblemDetails::methodNotAllowed(QStringLiteral("%1 is not supported here")
                                                 .arg(QString::fromLatin1(request.method)))
                       .toResponse(request);
        response.setHeader("Allow", match.allowedMethods.join(", "));
    } else {
        response = ProblemDetails::notFound(QStringLiteral("no resource at this path")).toResponse(request);
    }
    return completeRequest(request, routeLabelOf(match), std::move(response), timer.nsecsElapsed());
}

HttpResponse HttpServer::completeRequest(const HttpRequest &request, const QByteArray &routeLabel,
                                         HttpResponse response, qint64 elapsedNs) const
{
    response.setHeader("X-Correlation-ID", request.correlationId.toLatin1());
    const double seconds = static_cast<double>(elapsedNs) / 1e9;
    m_metrics.observeHttpRequest(request.method, routeLabel, response.status, seconds);
    log::debug("http", QStringLiteral("request"),
               {{QStringLiteral("method"), QString::fromLatin1(request.method)},
                {QStringLiteral("path"), request.path},
                {QStringLiteral("status"), response.status},
                {QStringLiteral("ms"), seconds * 1000.0}});
    return response;
}

// An async route's request from its start to its answer. The connection
// stays alive meanwhile: it is never destroyed with a request in flight
// (httpconnection.h), and the answer comes on its thread.
struct AsyncExchange
{
    AsyncExchange(const HttpServer &server, HttpConnection *connection, HttpRequest request, QByteArray routeLabel)
        : server(server)
        , connection(connection)
        , request(std::move(request))
        , routeLabel(std::move(routeLabel))
        , keepAlive(this->request.keepAlive)
    {
        timer.start();
    }
    AsyncExchange(const AsyncExchange &) = delete;
    AsyncExchange &operator=(const AsyncExchange &) = delete;

    const HttpServer &server;
    HttpConnection *connection;
    HttpRequest request;
    QByteArray routeLabel;
    QElapsedTimer timer;
    bool keepAlive = true;
    bool answered = false;

    ~AsyncExchange()
    {
        if (answered)
            return;
        log::CorrelationScope correlation(request.correlationId);
        log::error("http", QStringLiteral("request ended without an answer"),
                   {{QStringLiteral("route"), QString::fromLatin1(routeLabel)}});
        answer(ProblemDetails::internal().toResponse(request));
    }

    void answer(HttpResponse response)
    {
        if (answered)
            return;
        answered = true;
        log::CorrelationScope correlation(request.correlationId);
        HttpResponse completed = server.completeRequest(request, routeLabel, std::move(response), timer.nsecsElapsed());
        if (QThread::currentThread() == connection->thread()) {
            connection->finish(completed, keepAlive);
            return;
        }
        QMetaObject::invokeMethod(
            connection,
            [connection = connection, completed = std::move(completed), keepAlive = keepAlive] {
                connection->finish(completed, keepAlive);
            },
            Qt::QueuedConnection);
    }
};

AsyncReply::AsyncReply(std::shared_ptr<AsyncExchange> exchange)
    : m_exchange(std::move(exchange))
{
}

void AsyncReply::operator()(HttpResponse response) const
{
    m_exchange->answer(std::move(response));
}

void HttpServer::startAsync(HttpConnection *connection, HttpRequest request, const RouteMatch &match)
{
    auto exchange = std::make_shared<AsyncExchange>(*this, connection, std::move(request), routeLabelOf(match));
    beginRequest(exchange->request, match);
    log::CorrelationScope correlation(exchange->request.correlationId);
    const AsyncReply reply(exchange);
    try {
        match.route->asyncHandler(exchange->request, reply);
    } catch (const std::exception &e) {
        logHandlerFailure(*match.route, e);
        reply(ProblemDetails::internal().toResponse(exchange->request));
    }
}

} // namespace shop
