#include "authcontroller.h"

#include "auth/authservice.h"
#include "jsonbody.h"
#include "problem.h"

namespace shop {

AuthController::AuthController(AuthService &service, const Clock &clock)
    : m_service(service)
    , m_throttle(clock)
{
}

void AuthController::registerRoutes(Router &router)
{
    router.add({"POST", QStringLiteral("/api/v1/auth/login"), Execution::Worker,
                [this](const HttpRequest &request) { return loginAction(request); }});
}

HttpResponse AuthController::loginAction(const HttpRequest &request)
{
    const Result<QJsonObject> body = parseJsonObject(request);
    if (!body)
        return problemResponse(body.error(), request);
    JsonFields fields(body.value());
    const auto username = fields.string(QStringLiteral("username"), JsonFields::Required);
    const auto password = fields.string(QStringLiteral("password"), JsonFields::Required);
    if (!fields.errors().isEmpty())
        return problemResponse(ServiceError::validation(fields.errors()), request);

    const QString clientAddress = request.peerAddress.toString();
    if (const auto wait = m_throttle.retryAfter(*username, clientAddress)) {
        HttpResponse response =
            Problem::fromStatus(429, QStringLiteral("too many failed logins; try again later")).toResponse(request);
        response.setHeader("Retry-After", QByteArray::number(*wait));
        return response;
    }

    const Result<AccessToken> token = m_service.login(*username, password->toUtf8());
    if (!token) {
        if (token.error().kind == ServiceError::Kind::Unauthorized)
            m_throttle.recordFailure(*username, clientAddress);
        return problemResponse(token.error(), request);
    }
    m_throttle.recordSuccess(*username);
    return HttpResponse::json(200, QJsonDocument(QJsonObject{
                                       {QStringLiteral("accessToken"), QString::fromLatin1(token->token)},
                                       {QStringLiteral("tokenType"), QStringLiteral("Bearer")},
                                       {QStringLiteral("expiresIn"), token->expiresInSeconds},
                                   }));
}

} // namespace shop
