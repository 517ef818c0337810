#include "catalogservice.h"

#include "catalogvalidation.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
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

// An async read that did not run: a full queue is the expected answer to
// overload (503, not logged as an error); a read cancelled by the
// statement timeout (query_canceled) is a 503 too, since trying again
// later is the cure; the rest as any database failure.
ServiceError asyncFailure(const QString &action, const PgFailure &failure)
{
    if (failure.kind == PgFailure::Kind::QueueFull)
        return ServiceError::unavailable(QStringLiteral("too many requests are waiting for the database; try again shortly"));
    ServiceError error = databaseFailure("catalog", action, failure.toSqlError());
    if (failure.sqlState == "57014")
        return ServiceError::unavailable(QStringLiteral("the service is unavailable right now; try again shortly"));
    return error;
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

// A failed product INSERT or UPDATE: its constraints name the client's mistakes.
ServiceError productWriteFailure(const QString &action, const QSqlError &error)
{
    if (ProductRepository::isDuplicateSku(error))
        return duplicateSku();
    if (ProductRepository::isUnknownCategory(error))
        return unknownCategory();
    return failure(action, error);
}

const QString kChangedConcurrently =
    QStringLiteral("the product was changed concurrently; read it again and reapply your change");

ServiceError changedConcurrently()
{
    return ServiceError::conflict(kChangedConcurrently);
}

// What an UPDATE of a category answered, as the service's result.
Result<Category> categoryWritten(const DbResult<std::optional<Category>> &updated)
{
    if (!updated && CategoryRepository::isDuplicateName(updated.error()))
        return duplicateCategoryName();
    if (!updated)
        return failure(QStringLiteral("updating a category"), updated.error());
    if (!updated.value())
        return categoryNotFound();
    return *updated.value();
}

} // namespace

CatalogService::CatalogService(Database &database, const Clock &clock, int defaultReorderLevel)
    : m_database(database)
    , m_clock(clock)
    , m_defaultReorderLevel(defaultReorderLevel)
    , m_categories(database)
    , m_products(database)
    , m_adjustments(database)
    , m_stockLowAlerts(database)
    , m_outbox(database, QStringLiteral("catalog.outbox"))
{
}

Result<QList<Category>> CatalogService::categories()
{
    const DbResult<QList<Category>> found =
        m_database.run([&](QSqlDatabase &) { return m_categories.findAll(); }, kRead);
    if (!found)
        return failure(QStringLiteral("listing categories"), found.error());
    return found.value();
}

Result<Category> CatalogService::category(const QUuid &id)
{
    const DbResult<std::optional<Category>> found =
        m_database.run([&](QSqlDatabase &) { return m_categories.findById(id); }, kRead);
    if (!found)
        return failure(QStringLiteral("reading a category"), found.error());
    if (!found.value())
        return categoryNotFound();
    return *found.value();
}

Result<Category> CatalogService::createCategory(const CategoryDraft &draft)
{
    if (const QList<FieldError> errors = catalog::validateCategory(draft); !errors.isEmpty())
        return ServiceError::validation(errors);
    const QDateTime now = m_clock.now();
    const DbResult<Category> created =
        m_database.run([&](QSqlDatabase &) { return m_categories.insert(draft, now); }, kWrite);
    // The unique constraint decides, so two managers adding the same name at once get one 201 and one 409.
    if (!created && CategoryRepository::isDuplicateName(created.error()))
        return duplicateCategoryName();
    if (!created)
        return failure(QStringLiteral("creating a category"), created.error());
    return created.value();
}

Result<Category> CatalogService::updateCategory(const QUuid &id, const CategoryDraft &draft)
{
    if (const QList<FieldError> errors = catalog::validateCategory(draft); !errors.isEmpty())
        return ServiceError::validation(errors);
    const QDateTime now = m_clock.now();
    return categoryWritten(m_database.run([&](QSqlDatabase &) { return m_categories.update(id, draft, now); }, kWrite));
}

Result<Category> CatalogService::patchCategory(const QUuid &id, const CategoryPatch &patch)
{
    if (const QList<FieldError> errors = catalog::validateCategoryPatch(patch); !errors.isEmpty())
        return ServiceError::validation(errors);
    const QDateTime now = m_clock.now();
    return categoryWritten(m_database.run([&](QSqlDatabase &) { return m_categories.update(id, patch, now); }, kWrite));
}

Result<Done> CatalogService::deleteCategory(const QUuid &id)
{
    const DbResult<bool> removed = m_database.run([&](QSqlDatabase &) { return m_categories.remove(id); }, kWrite);
    // The foreign key (ON DELETE RESTRICT) is the check, so a product added
    // concurrently cannot slip through between a count and the delete.
    if (!removed && CategoryRepository::isStillInUse(removed.error()))
        return ServiceError::conflict(QStringLiteral("the category still has products; move or delete them first"));
    if (!removed)
        return failure(QStringLiteral("deleting a category"), removed.error());
    if (!removed.value())
        return categoryNotFound();
    return Done{};
}

Result<ProductPage> CatalogService::products(const ProductQuery &query)
{
    const DbResult<ProductPage> page =
        m_database.run([&](QSqlDatabase &) { return m_products.findPage(query); }, kRead);
    if (!page)
        return failure(QStringLiteral("listing products"), page.error());
    return page.value();
}

void CatalogService::enableAsyncReads(AsyncDatabase &database)
{
    m_asyncReads.emplace(database);
}

void CatalogService::productsAsync(const ProductQuery &query, std::function<void(Result<ProductPage>)> done) const
{
    m_asyncReads->findPage(query, [done = std::move(done)](Result<ProductPage, PgFailure> page) {
        if (!page)
            done(asyncFailure(QStringLiteral("listing products"), page.error()));
        else
            done(std::move(page.value()));
    });
}

void CatalogService::productAsync(const QUuid &id, std::function<void(Result<Product>)> done) const
{
    m_asyncReads->findById(id, [done = std::move(done)](Result<std::optional<Product>, PgFailure> found) {
        if (!found)
            done(asyncFailure(QStringLiteral("reading a product"), found.error()));
        else if (!found.value())
            done(productNotFound());
        else
            done(std::move(*found.value()));
    });
}

Result<QList<Product>> CatalogService::lowStockProducts(qint64 threshold, int limit)
{
    const DbResult<QList<Product>> products =
        m_database.run([&](QSqlDatabase &) { return m_products.findLowStock(threshold, limit); }, kRead);
    if (!products)
        return failure(QStringLiteral("listing low-stock products"), products.error());
    return products.value();
}

Result<Product> CatalogService::product(const QUuid &id)
{
    const DbResult<std::optional<Product>> found =
        m_database.run([&](QSqlDatabase &) { return m_products.findById(id); }, kRead);
    if (!found)
        return failure(QStringLiteral("reading a product"), found.error());
    if (!found.value())
        return productNotFound();
    return *found.value();
}

Result<Product> CatalogService::productBySku(const QString &sku)
{
    const DbResult<std::optional<Product>> found =
        m_database.run([&](QSqlDatabase &) { return m_products.findBySku(sku); }, kRead);
    if (!found)
        return failure(QStringLiteral("reading a product by SKU"), found.error());
    if (!found.value())
        return ServiceError::notFound(QStringLiteral("no product with this SKU"));
    return *found.value();
}

Result<Product> CatalogService::createProduct(const ProductDraft &draft)
{
    if (const QList<FieldError> errors = catalog::validateProduct(draft); !errors.isEmpty())
        return ServiceError::validation(errors);
    const QDateTime now = m_clock.now();
    const DbResult<Product> created =
        m_database.run([&](QSqlDatabase &) { return m_products.insert(draft, now); }, kWrite);
    if (!created)
        return productWriteFailure(QStringLiteral("creating a product"), created.error());
    return created.value();
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
    // So the stock read above is the stock this update changes.
    const QDateTime now = m_clock.now();
    const DbResult<std::optional<Product>> updated = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<std::optional<Product>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            DbResult<std::optional<Product>> changed = m_products.update(id, current->version, patch, now);
            if (!changed || !changed.value())
                return changed;
            if (const DbResult<Done> alerted = appendStockLowIfCrossed(
                    current->inventoryQuantity, *changed.value(), StockLowEvent::kCauseProductUpdate, now);
                !alerted)
                return alerted.error();
            if (!transaction.commit())
                return transaction.error();
            return changed;
        },
        kWrite);
    if (!updated)
        return productWriteFailure(QStringLiteral("updating a product"), updated.error());
    if (!updated.value())
        return changedConcurrently();
    return *updated.value();
}

Result<Done> CatalogService::deactivateProduct(const QUuid &id)
{
    const QDateTime now = m_clock.now();
    const DbResult<bool> found = m_database.run([&](QSqlDatabase &) { return m_products.deactivate(id, now); }, kWrite);
    if (!found)
        return failure(QStringLiteral("deactivating a product"), found.error());
    if (!found.value())
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
    const DbResult<std::optional<Product>> updated = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<std::optional<Product>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            DbResult<std::optional<Product>> changed =
                m_products.update(id, current->version, patch, record.adjustedAt);
            if (!changed || !changed.value())
                return changed;
            if (const DbResult<Done> recorded = m_adjustments.insert(record); !recorded)
                return recorded.error();
            if (const DbResult<Done> alerted = appendStockLowIfCrossed(
                    current->inventoryQuantity, *changed.value(), StockLowEvent::kCauseAdjustment, record.adjustedAt);
                !alerted)
                return alerted.error();
            if (!transaction.commit())
                return transaction.error();
            return changed;
        },
        kWrite);
    if (!updated)
        return failure(QStringLiteral("adjusting stock"), updated.error());
    if (!updated.value())
        return changedConcurrently();
    return *updated.value();
}

Result<QList<InventoryAdjustment>> CatalogService::inventoryAdjustments(const QUuid &productId, int limit)
{
    const DbResult<QList<InventoryAdjustment>> adjustments =
        m_database.run([&](QSqlDatabase &) { return m_adjustments.findForProduct(productId, limit); }, kRead);
    if (!adjustments)
        return failure(QStringLiteral("listing stock adjustments"), adjustments.error());
    return adjustments.value();
}

Result<StockLowAlerts> CatalogService::stockLowAlertsSince(const std::optional<QDateTime> &since)
{
    const DbResult<StockLowAlerts> look = m_database.run(
        [&](QSqlDatabase &) { return m_stockLowAlerts.recordedSince(since, kMaxStockLowAlertsPerLook); }, kRead);
    if (!look)
        return failure(QStringLiteral("reading stock alerts"), look.error());
    return look.value();
}

DbResult<Done> CatalogService::appendStockLowIfCrossed(qint64 stockBefore, const Product &changed, const char *cause,
                                                       const QDateTime &now)
{
    const StockChange change{changed.id,  changed.sku, changed.name, stockBefore, changed.inventoryQuantity,
                             changed.reorderLevel};
    const std::optional<StockLowEvent> crossing =
        stockLowCrossing(change, m_defaultReorderLevel, cause, now, log::currentCorrelationId());
    if (!crossing)
        return Done{};
    return m_outbox.append({crossing->eventId, crossing->productId, QLatin1String(StockLowEvent::kType),
                            QLatin1String(StockLowEvent::kTopic), idText(crossing->productId), crossing->toJson(),
                            crossing->correlationId});
}

bool CatalogService::isVersionConflict(const ServiceError &error)
{
    return error.kind == ServiceError::Kind::Conflict && error.detail == kChangedConcurrently;
}

} // namespace shop
