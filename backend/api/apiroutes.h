#pragma once

#include "auth/accesstokens.h"
#include "core/errors.h"
#include "http/router.h"

#include <QUuid>

#include <functional>

namespace shop {

class AuthGuard;

// Who may call a REST route; every route says so where it is registered.
enum class Access {
    Public,  // anyone; no token is read
    Manager, // a valid Bearer token with the MANAGER role: 401 without one, 403 with another role
    // anyone; a caller who sends a token must send a valid one (else 401),
    // and the handler finds them in ApiCall::caller to decide what they see
    PublicOrCaller,
};

// A call that passed its route's checks, as its handler gets it.
struct ApiCall
{
    const HttpRequest &request;
    Principal caller; // who calls, on routes that need a caller; empty when no one is named
    QUuid id;         // the route's UUID path parameter, on routes that declare one
};

// A handler's answer: its response, or the failure to answer as Problem Details.
using ApiHandler = std::function<Result<HttpResponse>(const ApiCall &call)>;

// An async handler (Execution::Async) answers through this, once, on the
// thread it ran on; the call's request stays valid while a copy lives.
using AsyncApiReply = std::function<void(Result<HttpResponse>)>;
using AsyncApiHandler = std::function<void(const ApiCall &call, AsyncApiReply reply)>;

// Adds the REST API's routes to the transport Router with what each requires,
// checked before its handler in the contract's order: who calls (401, 403),
// then the path's UUID (400); the handler reads its body itself. A handler's
// failure becomes its Problem response here too. Handlers run on the worker
// pool, as they call the database. Needed only while registering: the routes
// keep the guard, not this object.
class ApiRoutes
{
public:
    ApiRoutes(Router &router, const AuthGuard &guard);

    void add(Access access, const QByteArray &method, const QString &pathTemplate, ApiHandler handler);
    // For a path whose {uuidParameter} must be a UUID; the handler finds it in ApiCall::id.
    void add(Access access, const QByteArray &method, const QString &pathTemplate, const QString &uuidParameter,
             ApiHandler handler);
    // A public route whose handler runs on the connection's I/O thread and
    // must never block there: it starts non-blocking reads (db/pgpool.h)
    // and answers when they end. Public only, as checking a token reads the
    // users table with a blocking call. Its 503s carry Retry-After: 1 (the
    // read pool is full or reconnecting). uuidParameter may be empty.
    void addAsync(const QByteArray &method, const QString &pathTemplate, const QString &uuidParameter,
                  AsyncApiHandler handler);

private:
    Router &m_router;
    const AuthGuard &m_guard;
};

} // namespace shop
