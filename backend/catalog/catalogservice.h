#pragma once

#include "catalogtypes.h"
#include "categoryrepository.h"
#include "core/errors.h"
#include "inventoryadjustmentrepository.h"
#include "productrepository.h"

namespace shop {

class Clock;
class Database;

// Categories and products: the rules of contract.md for the REST API, the
// manager window and the POS alike. Validates every input (400 with every
// bad field), maps database outcomes to NotFound / Conflict, and stamps
// updated_at from the injected clock. Stateless apart from its references,
// so one instance serves every worker thread.
class CatalogService
{
public:
    CatalogService(Database &database, const Clock &clock);
    CatalogService(const CatalogService &) = delete;
    CatalogService &operator=(const CatalogService &) = delete;

    Result<QList<Category>> categories();
    Result<Category> category(const QUuid &id);
    Result<Category> createCategory(const CategoryDraft &draft);
    // Replaces name and description (an absent description is cleared).
    Result<Category> updateCategory(const QUuid &id, const CategoryDraft &draft);
    // Changes only the fields the patch sets (the REST PUT); a patch that
    // sets nothing is a validation error. Categories carry no version, so
    // there is no optimistic lock: each patch is one atomic UPDATE.
    Result<Category> patchCategory(const QUuid &id, const CategoryPatch &patch);
    // Conflict while any product, active or not, still belongs to it.
    Result<Done> deleteCategory(const QUuid &id);

    Result<ProductPage> products(const ProductQuery &query);
    Result<Product> product(const QUuid &id);
    // Active products with at most threshold in stock, fewest first (the dashboard).
    Result<QList<Product>> lowStockProducts(qint64 threshold, int limit);
    // The product with exactly this SKU, active or not (the POS scanner).
    Result<Product> productBySku(const QString &sku);
    // NotFound when the category does not exist, Conflict for a taken SKU.
    Result<Product> createProduct(const ProductDraft &draft);
    // Partial update with optimistic locking: Conflict when the product
    // changed since patch.expectedVersion, or since it was read here.
    Result<Product> updateProduct(const QUuid &id, const ProductPatch &patch);
    // Soft delete: the product stays (orders and carts refer to it) but is
    // no longer listed as active or sellable.
    Result<Done> deactivateProduct(const QUuid &id);

    // A manual stock change with its reason, recorded in the same transaction
    // as the new stock. Conflict (a version conflict) when the product changed
    // since adjustment.expectedVersion.
    Result<Product> adjustStock(const QUuid &id, const StockAdjustment &adjustment);
    // The recorded adjustments of a product, newest first.
    Result<QList<InventoryAdjustment>> inventoryAdjustments(const QUuid &productId, int limit);

    // Tells updateProduct's version conflict from its other Conflict (a taken SKU).
    static bool isVersionConflict(const ServiceError &error);

private:
    Database &m_database;
    const Clock &m_clock;
    CategoryRepository m_categories;
    ProductRepository m_products;
    InventoryAdjustmentRepository m_adjustments;
};

} // namespace shop
