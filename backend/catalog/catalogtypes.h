#pragma once

#include "core/money.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

// The catalog's value types, shared by the REST API, the manager window and
// the POS. Free of HTTP and SQL: catalogjson.* and the repositories translate.
namespace shop {

struct Category
{
    QUuid id;
    QString name;
    std::optional<QString> description; // absent when never given
    QDateTime createdAt;
    QDateTime updatedAt;
};

// What a manager types to create a category or to replace one (PUT).
struct CategoryDraft
{
    QString name;
    std::optional<QString> description;
};

// A partial update of a category (REST PUT, as the Spring platform's):
// only the fields that are set change.
struct CategoryPatch
{
    std::optional<QString> name;
    std::optional<QString> description;

    bool changesNothing() const { return !name && !description; }
};

struct Product
{
    QUuid id;
    QString sku;
    QString name;
    std::optional<QString> description;
    Money price;
    qint64 inventoryQuantity = 0;
    QUuid categoryId;
    bool isActive = true;
    std::optional<qint64> reorderLevel = std::nullopt; // nullopt: the setting stock-reorder-level applies
    qint64 version = 0; // optimistic lock counter, bumped by every change
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct ProductDraft
{
    QString sku;
    QString name;
    std::optional<QString> description;
    Money price;
    qint64 inventoryQuantity = 0;
    QUuid categoryId;
    bool isActive = true;
    std::optional<qint64> reorderLevel = std::nullopt; // nullopt: the default
};

// A partial update: only the fields that are set change. expectedVersion,
// when set, must equal the stored version, so a client editing what it read
// earlier cannot overwrite a change it has not seen.
struct ProductPatch
{
    std::optional<QString> sku;
    std::optional<QString> name;
    std::optional<QString> description;
    std::optional<Money> price;
    std::optional<qint64> inventoryQuantity;
    std::optional<QUuid> categoryId;
    std::optional<bool> isActive;
    // Set: the product's new level, or nullopt inside to fall back to the default.
    std::optional<std::optional<qint64>> reorderLevel = std::nullopt;
    std::optional<qint64> expectedVersion;

    bool changesNothing() const
    {
        return !sku && !name && !description && !price && !inventoryQuantity && !categoryId && !isActive
            && !reorderLevel;
    }
};

// A manager's manual stock change: either a signed delta or the new
// quantity (exactly one), with the reason recorded beside it.
struct StockAdjustment
{
    std::optional<qint64> delta;
    std::optional<qint64> newQuantity;
    QString reason;
    QString adjustedBy;      // the username, for the record
    qint64 expectedVersion = 0; // the product version the manager looked at
};

// One recorded adjustment (catalog.inventory_adjustments).
struct InventoryAdjustment
{
    qint64 id = 0;
    QUuid productId;
    qint64 delta = 0;
    qint64 quantityAfter = 0;
    QString reason;
    QString adjustedBy;
    QDateTime adjustedAt;
};

// The orders a product listing can come in; ties are broken by id, so pages
// never overlap. Oldest, Sku, Name, Price and Stock are index reads for the
// REST listing's filters (sql/catalog V1 and V7); Category and Active, the
// manager window's, sort the matches.
enum class ProductOrder { Oldest, Sku, Name, Category, Price, Stock, Active };

// One page of a product listing, oldest first (created_at, id) unless told.
struct ProductQuery
{
    std::optional<QUuid> categoryId;
    std::optional<bool> isActive = true; // nullopt: active and inactive alike
    QString search;                      // when not empty: SKU or name contains it, any case
    ProductOrder order = ProductOrder::Oldest;
    bool isDescending = false;
    qint64 offset = 0;
    int limit = 20;
    // Keyset paging (the manager window's scrolling): when set, the page
    // starts right after this row, the last one of the page before in the
    // same order and filters, and offset is ignored. Such a page costs the
    // same however deep it is, and is not counted (totalElements 0): the
    // caller has the total from the first page. Only the sort key's field
    // and the id of after are read.
    std::optional<Product> after;
    // A page after a row counted all the same (the REST API's cursor pages
    // keep totalElements; its filters are answered by the counters).
    bool isCountedAfter = false;
};

struct ProductPage
{
    QList<Product> items;
    qint64 totalElements = 0; // matching products on all pages; 0 for a page read after a row, unless counted
};

} // namespace shop
