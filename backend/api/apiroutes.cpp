#include "apiroutes.h"

#include "authguard.h"
#include "core/ids.h"
#include "problem.h"

namespace shop {

namespace {

// One route's requirements and handler, kept by the transport Router.
struct GuardedRoute
{
    const AuthGuard *guard;
    Access access;
    QString uuidParameter;
    ApiHandler handler;

    // Who asks comes before what they ask: an anonymous caller learns nothing from validation.
    Result<HttpResponse> answer(const HttpRequest &request) const
    {
        ApiCall call{request, {}, {}};
        if (access == Access::Manager) {
            const Result<Principal> manager = guard->requireManager(request);
            if (!manager)
                return manager.error();
            call.caller = manager.value();
        } else if (access == Access::PublicOrCaller && !request.header("authorization").isEmpty()) {
            // A bad or expired token is told so; a valid one of any role is the handler's to weigh.
            const Result<Principal> caller = guard->authenticate(request);
            if (!caller)
                return caller.error();
            call.caller = caller.value();
        }
        if (!uuidParameter.isEmpty()) {
            const std::optional<QUuid> id = idFromText(request.pathParameters.value(uuidParameter));
            if (!id)
                return ServiceError::validation({{uuidParameter, QStringLiteral("must be a UUID")}});
            call.id = *id;
        }
        return handler(call);
    }

    HttpResponse operator()(const HttpRequest &request) const
    {
        Result<HttpResponse> response = answer(request);
        if (!response)
            return Problem::fromServiceError(response.error()).toResponse(request);
        return std::move(response.value());
    }
};

// A public async route's checks (the path's UUID) and its handler.
struct AsyncPublicRoute
{
    QString uuidParameter;
    AsyncApiHandler handler;

    static HttpResponse responseOf(const HttpRequest &request, Result<HttpResponse> result)
    {
        if (result)
            return std::move(result.value());
        HttpResponse problem = Problem::fromServiceError(result.error()).toResponse(request);
        if (result.error().kind == ServiceError::Kind::Unavailable)
            problem.setHeader("Retry-After", "1");
        return problem;
    }

    void operator()(const HttpRequest &request, AsyncReply reply) const
    {
        ApiCall call{request, {}, {}};
        if (!uuidParameter.isEmpty()) {
            const std::optional<QUuid> id = idFromText(request.pathParameters.value(uuidParameter));
            if (!id) {
                reply(responseOf(request, ServiceError::validation({{uuidParameter, QStringLiteral("must be a UUID")}})));
                return;
            }
            call.id = *id;
        }
        // The request lives as long as a copy of reply does.
        handler(call, [&request, reply](Result<HttpResponse> result) { reply(responseOf(request, std::move(result))); });
    }
};

} // namespace

ApiRoutes::ApiRoutes(Router &router, const AuthGuard &guard)
    : m_router(router)
    , m_guard(guard)
{
}

void ApiRoutes::add(Access access, const QByteArray &method, const QString &pathTemplate, ApiHandler handler)
{
    add(access, method, pathTemplate, QString(), std::move(handler));
}

void ApiRoutes::add(Access access, const QByteArray &method, const QString &pathTemplate,
                    const QString &uuidParameter, ApiHandler handler)
{
    m_router.add({method, pathTemplate, Execution::Worker,
                  GuardedRoute{&m_guard, access, uuidParameter, std::move(handler)}});
}

void ApiRoutes::addAsync(const QByteArray &method, const QString &pathTemplate, const QString &uuidParameter,
                         AsyncApiHandler handler)
{
    Route route{method, pathTemplate, Execution::Async, {}, AsyncPublicRoute{uuidParameter, std::move(handler)}};
    m_router.add(std::move(route));
}

} // namespace shop
