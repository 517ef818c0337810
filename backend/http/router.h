#pragma once

#include "httpmessage.h"

#include <functional>
#include <vector>

namespace shop {

using HttpHandler = std::function<HttpResponse(const HttpRequest &)>;

// Where a route's handler runs. Handlers that may block (database, broker)
// run on the worker pool so a slow call never stalls other connections;
// handlers that only touch memory run on the connection's own thread.
enum class Execution { Worker, Inline };

struct Route
{
    QByteArray method;
    QString pathTemplate; // e.g. /api/v1/products/{id}; also the metrics label
    Execution execution = Execution::Worker;
    HttpHandler handler;
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
