#pragma once

#include "catalog/catalogtypes.h"
#include "core/jsonfields.h"
#include "paging.h"

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

// The two hot reads' bodies, written straight to bytes (core/jsonwriter.h):
// the same bytes as QJsonDocument(toJson(...)) or pageJson(...) compact.
QByteArray productBody(const Product &product);
QByteArray productPageBody(const ProductPage &page, const PageRequest &request,
                           const std::optional<QString> &next = std::nullopt);

// Fields that are missing or of the wrong type keep their defaults and are
// named in fields.errors().
CategoryDraft readCategoryDraft(JsonFields &fields);
ProductDraft readProductDraft(JsonFields &fields);
// Absent and null fields stay unchanged.
CategoryPatch readCategoryPatch(JsonFields &fields);
// Absent and null fields stay unchanged; "version", when given, is the
// version the client expects to change.
ProductPatch readProductPatch(JsonFields &fields);

} // namespace shop::catalogjson
