#pragma once

#include "core/errors.h"
#include "http/problemdetails.h"

#include <QList>
#include <QString>

namespace shop {

// The REST API's errors: the transport's RFC 7807 body with the API's kinds,
// each with a stable type URI and title, and the mapping from the services'
// errors.
struct Problem : ProblemDetails
{
    Problem() = default;
    Problem(ProblemDetails details) : ProblemDetails(std::move(details)) {}

    // As ProblemDetails', plus the challenge every 401 carries (RFC 9110 11.6.1).
    HttpResponse toResponse(const HttpRequest &request) const;

    static Problem badRequest(const QString &detail, QList<FieldError> errors = {});
    static Problem validation(QList<FieldError> errors);
    static Problem notFound(const QString &detail) { return ProblemDetails::notFound(detail); }
    static Problem methodNotAllowed(const QString &detail) { return ProblemDetails::methodNotAllowed(detail); }
    static Problem conflict(const QString &detail);
    // 409 of checkout when a line's price changed since it was added.
    static Problem pricesChanged(const QString &detail);
    static Problem unauthorized(const QString &detail);
    static Problem forbidden(const QString &detail);
    static Problem unavailable(const QString &detail);
    static Problem internal() { return ProblemDetails::internal(); }
    static Problem unprocessable(const QString &detail);
    static Problem fromStatus(int status, const QString &detail) { return forStatus(status, detail); }
    static Problem fromServiceError(const ServiceError &error);
};

} // namespace shop
