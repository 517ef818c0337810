#include "jsonbody.h"

#include "problem.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace shop {

Result<QJsonObject> parseJsonObject(const HttpRequest &request)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError)
        return ServiceError::validation({{QStringLiteral("body"), QStringLiteral("is not valid JSON")}});
    if (!document.isObject())
        return ServiceError::validation({{QStringLiteral("body"), QStringLiteral("must be a JSON object")}});
    return document.object();
}

Result<QUuid> uuidParameter(const HttpRequest &request, const QString &name)
{
    const QString text = request.pathParameters.value(name);
    const QUuid id = QUuid::fromString(text);
    if (id.isNull() || text.size() != 36)
        return ServiceError::validation({{name, QStringLiteral("must be a UUID")}});
    return id;
}

HttpResponse problemResponse(const ServiceError &error, const HttpRequest &request)
{
    return Problem::fromServiceError(error).toResponse(request);
}

} // namespace shop
