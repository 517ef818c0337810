#pragma once

#include "catalog/catalogtypes.h"
#include "catalog/catalogvalidation.h"
#include "jsonbody.h"

#include <QJsonArray>
#include <QJsonObject>

// JSON shapes of the catalog (contract.md, "Shapes"), both directions.
// Reading only checks JSON types and presence, collecting errors in the
// JsonFields; the rules on values are catalog/catalogvalidation's.
namespace shop::catalogjson {

QJsonObject toJson(const Category &category);
QJsonObject toJson(const Product &product);
QJsonArray toJson(const QList<Category> &categories);
QJsonArray toJson(const QList<Product> &products);

// Fields that are missing or of the wrong type keep their defaults and are
// named in fields.errors().
CategoryDraft readCategoryDraft(JsonFields &fields);
ProductDraft readProductDraft(JsonFields &fields);
// Absent and null fields stay unchanged; "version", when given, is the
// version the client expects to change.
ProductPatch readProductPatch(JsonFields &fields);

// What read() makes of a request body, or the 400 naming every bad field:
// the JSON type errors, plus validate()'s rule errors for the other fields.
// Without type errors the service validates, so the rules still run once.
template<typename Value>
Result<Value> readBody(const HttpRequest &request, Value (*read)(JsonFields &),
                       QList<FieldError> (*validate)(const Value &))
{
    const Result<QJsonObject> body = parseJsonObject(request);
    if (!body)
        return body.error();
    JsonFields fields(body.value());
    Value value = read(fields);
    if (!fields.errors().isEmpty())
        return ServiceError::validation(mergeFieldErrors(fields.errors(), validate(value)));
    return value;
}

} // namespace shop::catalogjson
