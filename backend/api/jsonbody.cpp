#include "jsonbody.h"

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

} // namespace shop
