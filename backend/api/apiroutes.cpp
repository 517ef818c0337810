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

} // namespace shop
