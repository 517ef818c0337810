#pragma once

#include "httpmessage.h"

#include <functional>
#include <memory>
#include <vector>

namespace shop {

using HttpHandler = std::function<HttpResponse(const HttpRequest &)>;

struct AsyncExchange; // an async route's request in flight (httpserver.cpp)

// How an Async handler answers, on the thread it ran on (the connection's
// I/O thread): call it once with the response, now or from a callback.
// Copies share the one answer and later calls are ignored; when the last
// copy goes unanswered (a callback that threw, a job dropped), the client
// gets a 500, so a request is never left without a reply. The request the
// handler was given stays valid while a copy lives.
class AsyncReply
{
public:
    explicit AsyncReply(std::shared_ptr<AsyncExchange> exchange);
    void operator()(HttpResponse response) const;

private:
    std::shared_ptr<AsyncExchange> m_exchange;
};

using AsyncHttpHandler = std::function<void(const HttpRequest &, AsyncReply)>;

// Where a route's handler runs. Handlers that may block (database, broker)
// run on the worker pool so a slow call never stalls other connections;
// handlers that only touch memory run on the connection's own thread.
// Async handlers also run on the connection's thread but never block:
// they start non-blocking work (db/pgpool.h) and answer through AsyncReply
// when it is done, so the request costs no thread switch.
enum class Execution { Worker, Inline, Async };

struct Route
{
    QByteArray method;
    QString pathTemplate; // e.g. /api/v1/products/{id}; also the metrics label
    Execution execution = Execution::Worker;
    HttpHandler handler;           // Worker and Inline
    AsyncHttpHandler asyncHandler = {}; // Async
};

struct RouteMatch
{
    const Route *route = nullptr;
    QHash<QString, QString> pathParameters;
    QList<QByteArray> allowedMethods; // when the path exists but not for this method
};

// Routes declared in one table; matches a request path segment by segment.
class Router
{
public:
    void add(Route route);
    RouteMatch match(const QByteArray &method, const QString &path) const;
    const std::vector<Route> &routes() const { return m_routes; }

private:
    std::vector<Route> m_routes;
    std::vector<QStringList> m_segments; // split templates, parallel to m_routes
};

} // namespace shop
