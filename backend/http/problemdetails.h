#pragma once

#include "core/errors.h"
#include "httpmessage.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace shop {

// An RFC 7807 Problem Details body, as the contract specifies: type, title,
// status, detail, instance, correlationId and, for validation failures,
// errors (also as fieldErrors, a field-to-message map). The transport
// answers its own errors (unparsable requests, unknown paths, limits) with
// it; the REST API (api/problem.h) adds its kinds.
struct ProblemDetails
{
    int status = 500;
    QString type;   // stable URI per error kind, e.g. https://shop.example/problems/validation
    QString title;
    QString detail;
    QList<FieldError> errors;
    QJsonObject extensions; // further members of the body (RFC 7807 section 3.2), e.g. checkout's changedLines

    HttpResponse toResponse(const HttpRequest &request) const;

    // status with the type https://shop.example/problems/<kind>.
    static ProblemDetails make(int status, const char *kind, const char *title, const QString &detail);
    // The transport's answers to requests it cannot take: 400, 408, 413,
    // 429, 431, 501; any other status gets the generic kind "error".
    static ProblemDetails forStatus(int status, const QString &detail);
    static ProblemDetails notFound(const QString &detail);
    static ProblemDetails methodNotAllowed(const QString &detail);
    static ProblemDetails internal();
};

} // namespace shop
