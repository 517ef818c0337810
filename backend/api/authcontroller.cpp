#include "authcontroller.h"

#include "auth/authservice.h"
#include "jsonbody.h"
#include "problem.h"

namespace shop {

namespace {

// {username, password}
struct Credentials
{
    QString username;
    QString password;
};

Credentials readCredentials(JsonFields &fields)
{
    Credentials credentials;
    credentials.username = fields.string(QStringLiteral("username"), JsonFields::Required).value_or(QString());
    credentials.password = fields.string(QStringLiteral("password"), JsonFields::Required).value_or(QString());
    return credentials;
}

HttpResponse withRetryAfter(HttpResponse response, int seconds)
{
    response.setHeader("Retry-After", QByteArray::number(seconds));
    return response;
}

} // namespace

AuthController::AuthController(AuthService &service, const Clock &clock, int maxThrottleEntries)
    : m_service(service)
    , m_throttle(clock, maxThrottleEntries)
{
}

void AuthController::registerRoutes(ApiRoutes &routes)
{
    routes.add(Access::Public, "POST", QStringLiteral("/api/v1/auth/login"),
               [this](const ApiCall &call) { return loginAction(call); });
}

Result<HttpResponse> AuthController::loginAction(const ApiCall &call)
{
    const Result<Credentials> credentials = readJsonBody(call.request, &readCredentials);
    if (!credentials)
        return credentials.error();
    const QString &username = credentials->username;

    const QString clientAddress = call.request.peerAddress.toString();
    const auto attempt = m_throttle.begin(username, clientAddress);
    if (const auto *refused = std::get_if<LoginThrottle::RetryAfter>(&attempt))
        return withRetryAfter(Problem::fromStatus(429, QStringLiteral("too many failed logins; try again later"))
                                  .toResponse(call.request),
                              refused->seconds);

    const LoginThrottle::Ticket &ticket = std::get<LoginThrottle::Ticket>(attempt);
    qint64 lockedForSeconds = 0;
    const Result<AccessToken> token =
        m_service.login(username, credentials->password.toUtf8(), clientAddress, &lockedForSeconds);
    if (!token && token.error().kind == ServiceError::Kind::Forbidden) {
        // The same answer as the address throttle's: it tells a guesser
        // nothing about which usernames exist.
        return withRetryAfter(Problem::fromStatus(429, QStringLiteral("too many failed logins; try again later"))
                                  .toResponse(call.request),
                              static_cast<int>(lockedForSeconds));
    }
    if (!token) {
        if (token.error().kind != ServiceError::Kind::Unavailable)
            return token.error();
        m_throttle.notChecked(ticket);
        return withRetryAfter(Problem::fromServiceError(token.error()).toResponse(call.request), 1);
    }
    m_throttle.succeeded(ticket);
    return HttpResponse::json(200, QJsonDocument(QJsonObject{
                                       {QStringLiteral("accessToken"), QString::fromLatin1(token->token)},
                                       {QStringLiteral("tokenType"), QStringLiteral("Bearer")},
                                       {QStringLiteral("expiresIn"), token->expiresInSeconds},
                                   }));
}

} // namespace shop
