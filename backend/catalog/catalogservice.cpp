#include "catalogservice.h"

#include "catalogvalidation.h"
#include "core/clock.h"
#include "db/database.h"
#include "db/databasefailure.h"

namespace shop {

namespace {

constexpr auto kRead = Database::Retry::OnceIfConnectionLost;
// A write whose connection died may or may not have committed; never repeat it.
constexpr auto kWrite = Database::Retry::Never;

// The driver's message (SQL, constraint names) goes to the log only.
ServiceError failure(const QString &action, const QSqlError &error)
{
    return databaseFailure("catalog", action, error);
}

ServiceError categoryNotFound()
{
    return ServiceError::notFound(QStringLiteral("no category with this id"));
}

ServiceError productNotFound()
{
    return ServiceError::notFound(QStringLiteral("no product with this id"));
}

ServiceError duplicateCategoryName()
{
    return ServiceError::conflict(QStringLiteral("a category with this name already exists"));
}

ServiceError duplicateSku()
{
    return ServiceError::conflict(QStringLiteral("a product with this SKU already exists"));
}

ServiceError unknownCategory()
{
    return ServiceError::notFound(QStringLiteral("the category of this product does not exist"));
}

const QString kChangedConcurrently =
    QStringLiteral("the product was changed concurrently; read it again and reapply your change");

ServiceError changedConcurrently()
{
    return ServiceError::conflict(kChangedConcurrently);
}

} // namespace

CatalogService::CatalogService(Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
    , m_categories(database)
    , m_products(database)
    , m_adjustments(database)
{
}

Result<QList<Category>> CatalogService::categories()
{
    QList<Category> categories;
    const QSqlError error = m_database.run([&](QSqlDatabase &) { return m_categories.findAll(categories); }, kRead);
    if (error.isValid())
        return failure(QStringLiteral("listing categories"), error);
    return categories;
}

Result<Category> CatalogService::category(const QUuid &id)
{
    std::optional<Category> category;
    const QSqlError error = m_database.run([&](QSqlDatabase &) { return m_categories.findById(id, category); }, kRead);
    if (error.isValid())
        return failure(QStringLiteral("reading a category"), error);
    if (!category)
        return categoryNotFound();
    return *category;
}

Result<Category> CatalogService::createCategory(const CategoryDraft &draft)
{
    if (const QList<FieldError> errors = catalog::validateCategory(draft); !errors.isEmpty())
        return ServiceError::validation(errors);
    Category category;
    const QDateTime now = m_clock.now();
    const QSqlError error =
        m_database.run([&](QSqlDatabase &) { return m_categories.insert(draft, now, category); }, kWrite);
    // The unique constraint decides, so two managers adding the same name at once get one 201 and one 409.
    if (CategoryRepository::isDuplicateName(error))
        return duplicateCategoryName();
    if (error.isValid())
        return failure(QStringLiteral("creating a category"), error);
    return category;
}

Result<Category> CatalogService::updateCategory(const QUuid &id, const CategoryDraft &draft)
{
    if (const QList<FieldError> errors = catalog::validateCategory(draft); !errors.isEmpty())
        return ServiceError::validation(errors);
    std::optional<Category> category;
    const QDateTime now = m_clock.now();
    const QSqlError error =
        m_database.run([&](QSqlDatabase &) { return m_categories.update(id, draft, now, category); }, kWrite);
    if (CategoryRepository::isDuplicateName(error))
        return duplicateCategoryName();
    if (error.isValid())
        return failure(QStringLiteral("updating a category"), error);
    if (!category)
        return categoryNotFound();
    return *category;
}

Result<Done> CatalogService::deleteCategory(const QUuid &id)
{
    bool removed = false;
    const QSqlError error = m_database.run([&](QSqlDatabase &) { return m_categories.remove(id, removed); }, kWrite);
    // The foreign key (ON DELETE RESTRICT) is the check, so a product added
    // concurrently cannot slip through between a count and the delete.
    if (CategoryRepository::isStillInUse(error))
        return ServiceError::conflict(QStringLiteral("the category still has products; move or delete them first"));
    if (error.isValid())
        return failure(QStringLiteral("deleting a category"), error);
    if (!removed)
        return categoryNotFound();
    return Done{};
}

Result<ProductPage> CatalogService::products(const ProductQuery &query)
{
    ProductPage page;
    const QSqlError error = m_database.run([&](QSqlDatabase &) { return m_products.findPage(query, page); }, kRead);
    if (error.isValid())
        return failure(QStringLiteral("listing products"), error);
    return page;
}

Result<QList<Product>> CatalogService::lowStockProducts(qint64 threshold, int limit)
{
    QList<Product> products;
    const QSqlError error =
        m_database.run([&](QSqlDatabase &) { return m_products.findLowStock(threshold, limit, products); }, kRead);
    if (error.isValid())
        return failure(QStringLiteral("listing low-stock products"), error);
    return products;
}

Result<Product> CatalogService::product(const QUuid &id)
{
    std::optional<Product> product;
    const QSqlError error = m_database.run([&](QSqlDatabase &) { return m_products.findById(id, product); }, kRead);
    if (error.isValid())
        return failure(QStringLiteral("reading a product"), error);
    if (!product)
        return productNotFound();
    return *product;
}

Result<Product> CatalogService::productBySku(const QString &sku)
{
    std::optional<Product> product;
    const QSqlError error = m_database.run([&](QSqlDatabase &) { return m_products.findBySku(sku, product); }, kRead);
    if (error.isValid())
        return failure(QStringLiteral("reading a product by SKU"), error);
    if (!product)
        return ServiceError::notFound(QStringLiteral("no product with this SKU"));
    return *product;
}

Result<Product> CatalogService::createProduct(const ProductDraft &draft)
{
    if (const QList<FieldError> errors = catalog::validateProduct(draft); !errors.isEmpty())
        return ServiceError::validation(errors);
    Product product;
    const QDateTime now = m_clock.now();
    const QSqlError error = m_database.run([&](QSqlDatabase &) { return m_products.insert(draft, now, product); }, kWrite);
    if (ProductRepository::isDuplicateSku(error))
        return duplicateSku();
    if (ProductRepository::isUnknownCategory(error))
        return unknownCategory();
    if (error.isValid())
        return failure(QStringLiteral("creating a product"), error);
    return product;
}

Result<Product> CatalogService::updateProduct(const QUuid &id, const ProductPatch &patch)
{
    if (const QList<FieldError> errors = catalog::validateProductPatch(patch); !errors.isEmpty())
        return ServiceError::validation(errors);
    const Result<Product> current = product(id);
    if (!current)
        return current.error();
    if (patch.expectedVersion && *patch.expectedVersion != current->version)
        return changedConcurrently();
    if (patch.changesNothing())
        return current;

    // The UPDATE only matches the version read above: of two updates racing
    // from the same version, the second finds it bumped and changes nothing.
    std::optional<Product> updated;
    const QDateTime now = m_clock.now();
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &) { return m_products.update(id, current->version, patch, now, updated); }, kWrite);
    if (ProductRepository::isDuplicateSku(error))
        return duplicateSku();
    if (ProductRepository::isUnknownCategory(error))
        return unknownCategory();
    if (error.isValid())
        return failure(QStringLiteral("updating a product"), error);
    if (!updated)
        return changedConcurrently();
    return *updated;
}

Result<Done> CatalogService::deactivateProduct(const QUuid &id)
{
    bool found = false;
    const QDateTime now = m_clock.now();
    const QSqlError error =
        m_database.run([&](QSqlDatabase &) { return m_products.deactivate(id, now, found); }, kWrite);
    if (error.isValid())
        return failure(QStringLiteral("deactivating a product"), error);
    if (!found)
        return productNotFound();
    return Done{};
}

Result<Product> CatalogService::adjustStock(const QUuid &id, const StockAdjustment &adjustment)
{
    if (const QList<FieldError> errors = catalog::validateStockAdjustment(adjustment); !errors.isEmpty())
        return ServiceError::validation(errors);
    const Result<Product> current = product(id);
    if (!current)
        return current.error();
    if (adjustment.expectedVersion != current->version)
        return changedConcurrently();
    const qint64 after = catalog::quantityAfter(current->inventoryQuantity, adjustment);
    if (const QList<FieldError> errors = catalog::validateQuantityAfter(after, adjustment); !errors.isEmpty())
        return ServiceError::validation(errors);

    InventoryAdjustment record;
    record.productId = id;
    record.delta = after - current->inventoryQuantity;
    record.quantityAfter = after;
    record.reason = adjustment.reason.trimmed();
    record.adjustedBy = adjustment.adjustedBy;
    record.adjustedAt = m_clock.now();
    ProductPatch patch;
    patch.inventoryQuantity = after;

    // The version check in the UPDATE is the lock: a sale in between bumps it
    // and this change (and its record) rolls back instead of undoing the sale.
    std::optional<Product> updated;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &db) {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (QSqlError failed = m_products.update(id, current->version, patch, record.adjustedAt, updated);
                failed.isValid() || !updated)
                return failed;
            if (QSqlError failed = m_adjustments.insert(record); failed.isValid()) {
                updated.reset();
                return failed;
            }
            if (!transaction.commit()) {
                updated.reset();
                return transaction.error();
            }
            return QSqlError();
        },
        kWrite);
    if (error.isValid())
        return failure(QStringLiteral("adjusting stock"), error);
    if (!updated)
        return changedConcurrently();
    return *updated;
}

Result<QList<InventoryAdjustment>> CatalogService::inventoryAdjustments(const QUuid &productId, int limit)
{
    QList<InventoryAdjustment> adjustments;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &) { return m_adjustments.findForProduct(productId, limit, adjustments); }, kRead);
    if (error.isValid())
        return failure(QStringLiteral("listing stock adjustments"), error);
    return adjustments;
}

bool CatalogService::isVersionConflict(const ServiceError &error)
{
    return error.kind == ServiceError::Kind::Conflict && error.detail == kChangedConcurrently;
}

} // namespace shop
