#pragma once

#include "core/errors.h"
#include "httpmessage.h"

#include <QList>
#include <QString>

namespace shop {

// RFC 7807 Problem Details, as the contract specifies: type, title, status,
// detail, instance, correlationId and, for validation failures, errors.
struct Problem
{
    int status = 500;
    QString type;   // stable URI per error kind, e.g. https://shop.example/problems/validation
    QString title;
    QString detail;
    QList<FieldError> errors;

    HttpResponse toResponse(const HttpRequest &request) const;

    // The common kinds, with stable type URIs and titles.
    static Problem badRequest(const QString &detail, QList<FieldError> errors = {});
    static Problem validation(QList<FieldError> errors);
    static Problem notFound(const QString &detail);
    static Problem methodNotAllowed(const QString &detail);
    static Problem conflict(const QString &detail);
    static Problem unauthorized(const QString &detail);
    static Problem forbidden(const QString &detail);
    static Problem unavailable(const QString &detail);
    static Problem internal();
    static Problem unprocessable(const QString &detail);
    static Problem fromStatus(int status, const QString &detail);
    static Problem fromServiceError(const ServiceError &error);
};

} // namespace shop
