#include "catalogjson.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/jsonwriter.h"

namespace shop::catalogjson {

namespace {

// Absent descriptions are written as null, so every field of the shape is present.
QJsonValue optionalText(const std::optional<QString> &text)
{
    return text ? QJsonValue(*text) : QJsonValue(QJsonValue::Null);
}

template<typename Item>
QJsonArray arrayOf(const QList<Item> &items)
{
    QJsonArray array;
    for (const Item &item : items)
        array.append(toJson(item));
    return array;
}

// Keys in QJsonObject's (sorted) order, so the bytes match toJson(product).
void write(JsonWriter &json, const Product &product)
{
    json.beginObject();
    json.key("categoryId");
    json.uuid(product.categoryId);
    json.key("createdAt");
    json.isoUtc(product.createdAt);
    json.key("description");
    if (product.description)
        json.string(*product.description);
    else
        json.null();
    json.key("id");
    json.uuid(product.id);
    json.key("inventoryQuantity");
    json.integer(product.inventoryQuantity);
    json.key("isActive");
    json.boolean(product.isActive);
    json.key("name");
    json.string(product.name);
    json.key("price");
    json.number(product.price.toJson().toDouble());
    json.key("reorderLevel");
    if (product.reorderLevel)
        json.integer(*product.reorderLevel);
    else
        json.null();
    json.key("sku");
    json.string(product.sku);
    json.key("updatedAt");
    json.isoUtc(product.updatedAt);
    json.key("version");
    json.integer(product.version);
    json.endObject();
}

} // namespace

QByteArray productBody(const Product &product)
{
    JsonWriter json;
    write(json, product);
    return json.take();
}

QByteArray productPageBody(const ProductPage &page, const PageRequest &request, const std::optional<QString> &next)
{
    JsonWriter json(128 + 420 * page.items.size());
    json.beginObject();
    json.key("content");
    json.beginArray();
    for (const Product &product : page.items)
        write(json, product);
    json.endArray();
    if (next) {
        json.key("nextCursor");
        json.string(*next);
    }
    json.key("number");
    json.integer(request.page);
    json.key("size");
    json.integer(request.size);
    json.key("totalElements");
    json.integer(page.totalElements);
    json.key("totalPages");
    json.integer(totalPages(page.totalElements, request));
    json.endObject();
    return json.take();
}

QJsonObject toJson(const Category &category)
{
    return {{QStringLiteral("id"), idText(category.id)},
            {QStringLiteral("name"), category.name},
            {QStringLiteral("description"), optionalText(category.description)},
            {QStringLiteral("createdAt"), toIsoUtc(category.createdAt)},
            {QStringLiteral("updatedAt"), toIsoUtc(category.updatedAt)}};
}

QJsonObject toJson(const Product &product)
{
    return {{QStringLiteral("id"), idText(product.id)},
            {QStringLiteral("sku"), product.sku},
            {QStringLiteral("name"), product.name},
            {QStringLiteral("description"), optionalText(product.description)},
            {QStringLiteral("price"), product.price.toJson()},
            {QStringLiteral("inventoryQuantity"), product.inventoryQuantity},
            {QStringLiteral("categoryId"), idText(product.categoryId)},
            {QStringLiteral("isActive"), product.isActive},
            {QStringLiteral("reorderLevel"),
             product.reorderLevel ? QJsonValue(*product.reorderLevel) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("version"), product.version},
            {QStringLiteral("createdAt"), toIsoUtc(product.createdAt)},
            {QStringLiteral("updatedAt"), toIsoUtc(product.updatedAt)}};
}

QJsonArray toJson(const QList<Category> &categories)
{
    return arrayOf(categories);
}

QJsonArray toJson(const QList<Product> &products)
{
    return arrayOf(products);
}

CategoryDraft readCategoryDraft(JsonFields &fields)
{
    CategoryDraft draft;
    draft.name = fields.string(QStringLiteral("name"), JsonFields::Required).value_or(QString());
    draft.description = fields.string(QStringLiteral("description"), JsonFields::Optional);
    return draft;
}

CategoryPatch readCategoryPatch(JsonFields &fields)
{
    CategoryPatch patch;
    patch.name = fields.string(QStringLiteral("name"), JsonFields::Optional);
    patch.description = fields.string(QStringLiteral("description"), JsonFields::Optional);
    return patch;
}

ProductDraft readProductDraft(JsonFields &fields)
{
    ProductDraft draft;
    draft.sku = fields.string(QStringLiteral("sku"), JsonFields::Required).value_or(QString());
    draft.name = fields.string(QStringLiteral("name"), JsonFields::Required).value_or(QString());
    draft.description = fields.string(QStringLiteral("description"), JsonFields::Optional);
    draft.price = fields.money(QStringLiteral("price"), JsonFields::Required).value_or(Money());
    draft.inventoryQuantity = fields.integer(QStringLiteral("inventoryQuantity"), JsonFields::Required).value_or(0);
    draft.categoryId = fields.uuid(QStringLiteral("categoryId"), JsonFields::Required).value_or(QUuid());
    draft.isActive = fields.boolean(QStringLiteral("isActive"), JsonFields::Optional).value_or(true);
    draft.reorderLevel = fields.integer(QStringLiteral("reorderLevel"), JsonFields::Optional);
    return draft;
}

ProductPatch readProductPatch(JsonFields &fields)
{
    ProductPatch patch;
    patch.sku = fields.string(QStringLiteral("sku"), JsonFields::Optional);
    patch.name = fields.string(QStringLiteral("name"), JsonFields::Optional);
    patch.description = fields.string(QStringLiteral("description"), JsonFields::Optional);
    patch.price = fields.money(QStringLiteral("price"), JsonFields::Optional);
    patch.inventoryQuantity = fields.integer(QStringLiteral("inventoryQuantity"), JsonFields::Optional);
    patch.categoryId = fields.uuid(QStringLiteral("categoryId"), JsonFields::Optional);
    patch.isActive = fields.boolean(QStringLiteral("isActive"), JsonFields::Optional);
    // Absent: unchanged; null: back to the default level (stock-reorder-level).
    if (fields.raw(QStringLiteral("reorderLevel")).isNull())
        patch.reorderLevel = std::optional<qint64>();
    else if (fields.has(QStringLiteral("reorderLevel")))
        patch.reorderLevel = fields.integer(QStringLiteral("reorderLevel"), JsonFields::Optional);
    patch.expectedVersion = fields.integer(QStringLiteral("version"), JsonFields::Optional);
    return patch;
}

} // namespace shop::catalogjson
