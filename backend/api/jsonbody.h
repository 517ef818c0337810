#pragma once

#include "core/errors.h"
#include "core/jsonfields.h"
#include "http/httpmessage.h"

#include <QJsonObject>

#include <type_traits>

namespace shop {

// The request body as a JSON object, or the 400 Problem saying why not.
Result<QJsonObject> parseJsonObject(const HttpRequest &request);

// What read(fields) makes of the request's JSON object, or the 400 naming
// every field read() could not take (missing, wrong JSON type) and every rule
// validate() finds broken in the others, so one answer names everything.
// Without such fields the service validates, so the rules still run once.
template<typename Read, typename Validate>
auto readJsonBody(const HttpRequest &request, Read read, Validate validate)
    -> Result<std::invoke_result_t<Read, JsonFields &>>
{
    const Result<QJsonObject> body = parseJsonObject(request);
    if (!body)
        return body.error();
    JsonFields fields(body.value());
    auto value = read(fields);
    if (!fields.errors().isEmpty())
        return ServiceError::validation(mergeFieldErrors(fields.errors(), validate(value)));
    return value;
}

// The same for a body whose rules are not named alongside its type errors.
template<typename Read>
auto readJsonBody(const HttpRequest &request, Read read)
{
    return readJsonBody(request, read, [](const auto &) { return QList<FieldError>(); });
}

} // namespace shop
