#include "problem.h"

namespace shop {

HttpResponse Problem::toResponse(const HttpRequest &request) const
{
    HttpResponse response = ProblemDetails::toResponse(request);
    if (status == 401)
        response.setHeader("WWW-Authenticate", "Bearer");
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

Problem Problem::conflict(const QString &detail)
{
    return make(409, "conflict", "Conflict", detail);
}

Problem Problem::pricesChanged(const QString &detail)
{
    return make(409, "prices-changed", "Prices changed", detail);
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

} // namespace shop
