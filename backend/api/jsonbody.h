#pragma once

#include "core/errors.h"
#include "core/jsonfields.h"
#include "http/httpmessage.h"

#include <QJsonObject>
#include <QUuid>

namespace shop {

// The request body as a JSON object, or the 400 Problem response saying why not.
Result<QJsonObject> parseJsonObject(const HttpRequest &request);

// A UUID path parameter, or a 400 naming it.
Result<QUuid> uuidParameter(const HttpRequest &request, const QString &name);

// The HTTP answer for a failed service call.
HttpResponse problemResponse(const ServiceError &error, const HttpRequest &request);

} // namespace shop
