#include "catalogvalidation.h"

#include "core/textrules.h"

#include <QRegularExpression>

#include <algorithm>

namespace shop::catalog {

namespace {

// PostgreSQL text cannot hold U+0000, and the driver would cut the string
// there instead of failing; refuse it up front.
bool hasNul(const QString &text)
{
    return text.contains(QChar(u'\0'));
}

// Lengths are counted in characters, as the contract and the tables' CHECKs
// (char_length) count them.
void checkName(const QString &field, const QString &name, int max, QList<FieldError> &errors)
{
    if (hasNul(name))
        errors.append({field, QStringLiteral("must not contain NUL characters")});
    else if (name.trimmed().isEmpty())
        errors.append({field, QStringLiteral("must not be blank")});
    else if (characterCount(name) > max)
        errors.append({field, QStringLiteral("must be at most %1 characters").arg(max)});
}

void checkDescription(const QString &field, const std::optional<QString> &description, int max,
                      QList<FieldError> &errors)
{
    if (!description)
        return;
    if (hasNul(*description))
        errors.append({field, QStringLiteral("must not contain NUL characters")});
    else if (characterCount(*description) > max)
        errors.append({field, QStringLiteral("must be at most %1 characters").arg(max)});
}

void checkSku(const QString &sku, QList<FieldError> &errors)
{
    // Anchored with \A...\z: a plain $ would also match before a trailing
    // newline, which the table's CHECK then rejects.
    static const QRegularExpression pattern(QStringLiteral(R"(\A[A-Z0-9-]+\z)"));
    const QString field = QStringLiteral("sku");
    if (sku.isEmpty())
        errors.append({field, QStringLiteral("must not be blank")});
    else if (characterCount(sku) > kSkuMax)
        errors.append({field, QStringLiteral("must be at most %1 characters").arg(kSkuMax)});
    else if (!pattern.match(sku).hasMatch())
        errors.append({field, QStringLiteral("may contain only A-Z, 0-9 and '-'")});
}

void checkPrice(Money price, QList<FieldError> &errors)
{
    if (price.cents() < kMinPriceCents)
        errors.append({QStringLiteral("price"), QStringLiteral("must be at least 0.01")});
}

void checkInventory(qint64 quantity, QList<FieldError> &errors,
                    const QString &field = QStringLiteral("inventoryQuantity"))
{
    if (quantity < 0)
        errors.append({field, QStringLiteral("must not be negative")});
    else if (quantity > kMaxInventory)
        errors.append({field, QStringLiteral("must be at most %1").arg(kMaxInventory)});
}

void checkReorderLevel(const std::optional<qint64> &level, QList<FieldError> &errors)
{
    if (level && (*level < 0 || *level > kMaxReorderLevel))
        errors.append({QStringLiteral("reorderLevel"), QStringLiteral("must be from 0 to %1").arg(kMaxReorderLevel)});
}

void checkCategoryId(const QUuid &categoryId, QList<FieldError> &errors)
{
    if (categoryId.isNull())
        errors.append({QStringLiteral("categoryId"), QStringLiteral("is required")});
}

} // namespace

QList<FieldError> validateCategory(const CategoryDraft &draft)
{
    QList<FieldError> errors;
    checkName(QStringLiteral("name"), draft.name, kCategoryNameMax, errors);
    checkDescription(QStringLiteral("description"), draft.description, kCategoryDescriptionMax, errors);
    return errors;
}

QList<FieldError> validateCategoryPatch(const CategoryPatch &patch)
{
    QList<FieldError> errors;
    if (patch.changesNothing())
        errors.append({QStringLiteral("body"), QStringLiteral("must set name or description")});
    if (patch.name)
        checkName(QStringLiteral("name"), *patch.name, kCategoryNameMax, errors);
    checkDescription(QStringLiteral("description"), patch.description, kCategoryDescriptionMax, errors);
    return errors;
}

QList<FieldError> validateProduct(const ProductDraft &draft)
{
    QList<FieldError> errors;
    checkSku(draft.sku, errors);
    checkName(QStringLiteral("name"), draft.name, kProductNameMax, errors);
    checkDescription(QStringLiteral("description"), draft.description, kProductDescriptionMax, errors);
    checkPrice(draft.price, errors);
    checkInventory(draft.inventoryQuantity, errors);
    checkCategoryId(draft.categoryId, errors);
    checkReorderLevel(draft.reorderLevel, errors);
    return errors;
}

QList<FieldError> validateProductPatch(const ProductPatch &patch)
{
    QList<FieldError> errors;
    if (patch.sku)
        checkSku(*patch.sku, errors);
    if (patch.name)
        checkName(QStringLiteral("name"), *patch.name, kProductNameMax, errors);
    checkDescription(QStringLiteral("description"), patch.description, kProductDescriptionMax, errors);
    if (patch.price)
        checkPrice(*patch.price, errors);
    if (patch.inventoryQuantity)
        checkInventory(*patch.inventoryQuantity, errors);
    if (patch.categoryId)
        checkCategoryId(*patch.categoryId, errors);
    if (patch.reorderLevel)
        checkReorderLevel(*patch.reorderLevel, errors);
    if (patch.expectedVersion && *patch.expectedVersion < 0)
        errors.append({QStringLiteral("version"), QStringLiteral("must not be negative")});
    return errors;
}

QList<FieldError> validateStockAdjustment(const StockAdjustment &adjustment)
{
    QList<FieldError> errors;
    if (adjustment.delta.has_value() == adjustment.newQuantity.has_value())
        errors.append({QStringLiteral("delta"), QStringLiteral("give either a change or a new quantity")});
    else if (adjustment.delta && *adjustment.delta == 0)
        errors.append({QStringLiteral("delta"), QStringLiteral("must not be zero")});
    else if (adjustment.newQuantity)
        checkInventory(*adjustment.newQuantity, errors, QStringLiteral("newQuantity"));
    checkName(QStringLiteral("reason"), adjustment.reason, kAdjustmentReasonMax, errors);
    return errors;
}

qint64 quantityAfter(qint64 current, const StockAdjustment &adjustment)
{
    return adjustment.newQuantity ? *adjustment.newQuantity : current + adjustment.delta.value_or(0);
}

QList<FieldError> validateQuantityAfter(qint64 quantityAfter, const StockAdjustment &adjustment)
{
    QList<FieldError> errors;
    const QString field = adjustment.newQuantity ? QStringLiteral("newQuantity") : QStringLiteral("delta");
    if (quantityAfter < 0)
        errors.append({field, QStringLiteral("would make the stock negative")});
    else if (quantityAfter > kMaxInventory)
        errors.append({field, QStringLiteral("would make the stock more than %1").arg(kMaxInventory)});
    return errors;
}

} // namespace shop::catalog
