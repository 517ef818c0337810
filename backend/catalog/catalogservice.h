#pragma once

#include "asyncproductreads.h"
#include "catalogtypes.h"
#include "categoryrepository.h"
#include "core/errors.h"
#include "core/settings.h"
#include "inventoryadjustmentrepository.h"
#include "messaging/outboxwriter.h"
#include "productrepository.h"
#include "stocklowalerts.h"

namespace shop {

class Clock;
class Database;

// Categories and products: the rules of contract.md for the REST API, the
// manager window and the POS alike. Validates every input (400 with every
// bad field), maps database outcomes to NotFound / Conflict, and stamps
// updated_at from the injected clock. Stateless apart from its references,
// so one instance serves every worker thread. A stock change that takes a
// product to or below its reorder level writes a StockLow event to
// catalog.outbox in the same transaction.
class CatalogService
{
public:
    static constexpr int kMaxStockLowAlertsPerLook = 100;

    // defaultReorderLevel: the setting stock-reorder-level.
    CatalogService(Database &database, const Clock &clock, int defaultReorderLevel = Settings().stockReorderLevel);
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

    // The same two reads for a caller that must not block (an HTTP I/O
    // thread, `serve` only): sent on that thread's PgPool, answered there.
    // Available once enableAsyncReads() was called.
    void enableAsyncReads(AsyncDatabase &database);
    bool hasAsyncReads() const { return m_asyncReads.has_value(); }
    void productsAsync(const ProductQuery &query, std::function<void(Result<ProductPage>)> done) const;
    void productAsync(const QUuid &id, std::function<void(Result<Product>)> done) const;
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

    // The StockLow events recorded after since (newest first, at most
    // kMaxStockLowAlertsPerLook) and the database's clock; only the clock
    // when since is nullopt. For StockLowFeed.
    Result<StockLowAlerts> stockLowAlertsSince(const std::optional<QDateTime> &since);
    int defaultReorderLevel() const { return m_defaultReorderLevel; }

    // Tells updateProduct's version conflict from its other Conflict (a taken SKU).
    static bool isVersionConflict(const ServiceError &error);

private:
    // Inside the transaction that changed the product's stock from
    // stockBefore, read under the version check that guards the UPDATE.
    DbResult<Done> appendStockLowIfCrossed(qint64 stockBefore, const Product &changed, const char *cause,
                                           const QDateTime &now);

    Database &m_database;
    const Clock &m_clock;
    int m_defaultReorderLevel;
    CategoryRepository m_categories;
    ProductRepository m_products;
    std::optional<AsyncProductReads> m_asyncReads;
    InventoryAdjustmentRepository m_adjustments;
    StockLowAlertRepository m_stockLowAlerts;
    OutboxWriter m_outbox;
};

} // namespace shop
