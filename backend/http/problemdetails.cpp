#include "problemdetails.h"

#include <QJsonArray>
#include <QJsonObject>

namespace shop {

HttpResponse ProblemDetails::toResponse(const HttpRequest &request) const
{
    QJsonObject body{
        {QStringLiteral("type"), type},
        {QStringLiteral("title"), title},
        {QStringLiteral("status"), status},
        {QStringLiteral("detail"), detail},
        {QStringLiteral("instance"), request.path},
        {QStringLiteral("correlationId"), request.correlationId},
    };
    if (!errors.isEmpty()) {
        // Two shapes of the same list: ours, which keeps every message, and
        // the Spring platform's map (one message per field, the first), so
        // clients written for either read them unchanged.
        QJsonArray list;
        QJsonObject byField;
        for (const FieldError &error : errors) {
            list.append(QJsonObject{{QStringLiteral("field"), error.field}, {QStringLiteral("message"), error.message}});
            if (!byField.contains(error.field))
                byField.insert(error.field, error.message);
        }
        body.insert(QStringLiteral("errors"), list);
        body.insert(QStringLiteral("fieldErrors"), byField);
    }
    for (auto member = extensions.begin(); member != extensions.end(); ++member) {
        if (!body.contains(member.key())) // never in place of a standard member
            body.insert(member.key(), member.value());
    }
    HttpResponse response = HttpResponse::json(status, QJsonDocument(body));
    response.contentType = QByteArrayLiteral("application/problem+json");
    return response;
}

ProblemDetails ProblemDetails::make(int status, const char *kind, const char *title, const QString &detail)
{
    ProblemDetails problem;
    problem.status = status;
    problem.type = QStringLiteral("https://shop.example/problems/") + QLatin1String(kind);
    problem.title = QLatin1String(title);
    problem.detail = detail;
    return problem;
}

ProblemDetails ProblemDetails::notFound(const QString &detail)
{
    return make(404, "not-found", "Not Found", detail);
}

ProblemDetails ProblemDetails::methodNotAllowed(const QString &detail)
{
    return make(405, "method-not-allowed", "Method Not Allowed", detail);
}

ProblemDetails ProblemDetails::internal()
{
    return make(500, "internal", "Internal Server Error",
                QStringLiteral("The server could not complete the request; quote the correlation id when reporting it."));
}

ProblemDetails ProblemDetails::forStatus(int status, const QString &detail)
{
    switch (status) {
    case 400: return make(400, "bad-request", "Bad Request", detail);
    case 408: return make(408, "timeout", "Request Timeout", detail);
    case 413: return make(413, "payload-too-large", "Content Too Large", detail);
    case 429: return make(429, "too-many-requests", "Too Many Requests", detail);
    case 431: return make(431, "headers-too-large", "Request Header Fields Too Large", detail);
    case 501: return make(501, "not-implemented", "Not Implemented", detail);
    default: return make(status, "error", reasonPhrase(status).constData(), detail);
    }
}

} // namespace shop
