#pragma once

#include "catalogtypes.h"
#include "core/errors.h"

// The catalog's input rules (contract.md, "Shapes"), in one place for REST,
// the manager window and the POS. Pure functions: each returns one
// FieldError per broken field, empty when everything is fine.
namespace shop::catalog {

inline constexpr int kCategoryNameMax = 100;
inline constexpr int kCategoryDescriptionMax = 1000;
inline constexpr int kSkuMax = 50;
inline constexpr int kProductNameMax = 200;
inline constexpr int kProductDescriptionMax = 5000;
inline constexpr qint64 kMinPriceCents = 1;
inline constexpr int kAdjustmentReasonMax = 200;
inline constexpr qint64 kMaxInventory = 2147483647; // the column is a PostgreSQL integer
inline constexpr qint64 kMaxReorderLevel = 1000000;  // products_reorder_level_ck (sql/catalog V8)

QList<FieldError> validateCategory(const CategoryDraft &draft);
// Checks the fields the patch sets; a patch that sets none names "body".
QList<FieldError> validateCategoryPatch(const CategoryPatch &patch);
QList<FieldError> validateProduct(const ProductDraft &draft);
// Checks only the fields the patch sets.
QList<FieldError> validateProductPatch(const ProductPatch &patch);
// The shape of a stock adjustment: exactly one of delta and newQuantity, a
// non-zero delta, and a reason of 1..200 characters.
QList<FieldError> validateStockAdjustment(const StockAdjustment &adjustment);
// The stock the adjustment leaves, from what the product holds now.
qint64 quantityAfter(qint64 current, const StockAdjustment &adjustment);
// That result must fit the inventory column (0..kMaxInventory); the error
// names the field the manager typed in.
QList<FieldError> validateQuantityAfter(qint64 quantityAfter, const StockAdjustment &adjustment);

} // namespace shop::catalog
