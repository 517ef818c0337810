#include "problem.h"

#include <QJsonArray>
#include <QJsonObject>

namespace shop {

namespace {

Problem make(int status, const char *kind, const char *title, const QString &detail)
{
    Problem problem;
    problem.status = status;
    problem.type = QStringLiteral("https://shop.example/problems/") + QLatin1String(kind);
    problem.title = QLatin1String(title);
    problem.detail = detail;
    return problem;
}

} // namespace

HttpResponse Problem::toResponse(const HttpRequest &request) const
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
        QJsonArray list;
        for (const FieldError &error : errors)
            list.append(QJsonObject{{QStringLiteral("field"), error.field}, {QStringLiteral("message"), error.message}});
        body.insert(QStringLiteral("errors"), list);
    }
    HttpResponse response = HttpResponse::json(status, QJsonDocument(body));
    response.contentType = QByteArrayLiteral("application/problem+json");
    return response;
}

Problem Problem::badRequest(const QString &detail, QList<FieldError> errors)
{
    Problem problem = make(400, "bad-request", "Bad Request", detail);
    problem.errors = std::move(errors);
    return problem;
}

Problem Problem::validation(QList<FieldError> errors)
{
    Problem problem = make(400, "validation", "Validation failed", QStringLiteral("The request has invalid fields."));
    problem.errors = std::move(errors);
    return problem;
}

Problem Problem::notFound(const QString &detail)
{
    return make(404, "not-found", "Not Found", detail);
}

Problem Problem::methodNotAllowed(const QString &detail)
{
    return make(405, "method-not-allowed", "Method Not Allowed", detail);
}

Problem Problem::conflict(const QString &detail)
{
    return make(409, "conflict", "Conflict", detail);
}

Problem Problem::unauthorized(const QString &detail)
{
    return make(401, "unauthorized", "Unauthorized", detail);
}

Problem Problem::forbidden(const QString &detail)
{
    return make(403, "forbidden", "Forbidden", detail);
}

Problem Problem::unavailable(const QString &detail)
{
    return make(503, "unavailable", "Service Unavailable", detail);
}

Problem Problem::internal()
{
    return make(500, "internal", "Internal Server Error",
                QStringLiteral("The server could not complete the request; quote the correlation id when reporting it."));
}

Problem Problem::unprocessable(const QString &detail)
{
    return make(422, "unprocessable", "Unprocessable Content", detail);
}

Problem Problem::fromServiceError(const ServiceError &error)
{
    switch (error.kind) {
    case ServiceError::Kind::Validation: return validation(error.fields);
    case ServiceError::Kind::NotFound: return notFound(error.detail);
    case ServiceError::Kind::Conflict: return conflict(error.detail);
    case ServiceError::Kind::Unprocessable: return unprocessable(error.detail);
    case ServiceError::Kind::Unauthorized: return unauthorized(error.detail);
    case ServiceError::Kind::Forbidden: return forbidden(error.detail);
    case ServiceError::Kind::Unavailable: return unavailable(error.detail);
    case ServiceError::Kind::Internal: return internal();
    }
    return internal();
}

Problem Problem::fromStatus(int status, const QString &detail)
{
    switch (status) {
    case 400: return badRequest(detail);
    case 413: return make(413, "payload-too-large", "Content Too Large", detail);
    case 429: return make(429, "too-many-requests", "Too Many Requests", detail);
    case 431: return make(431, "headers-too-large", "Request Header Fields Too Large", detail);
    case 501: return make(501, "not-implemented", "Not Implemented", detail);
    case 408: return make(408, "timeout", "Request Timeout", detail);
    default: return make(status, "error", reasonPhrase(status).constData(), detail);
    }
}

} // namespace shop
