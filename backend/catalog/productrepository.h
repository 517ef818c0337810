#pragma once

#include "catalogtypes.h"
#include "db/dbresult.h"

#include <optional>

namespace shop {

class Database;

// A statement's SQL with its values, as the repository binds them.
struct BoundStatement
{
    QString sql;
    QVariantList values;
};

// What ProductRepository::findPage runs for a listing, in order: the
// count when the listing needs one, then the page's rows (the columns
// fromRow reads). AsyncProductReads sends the same, so the text cannot drift.
struct ProductPageStatements
{
    std::optional<BoundStatement> count;
    BoundStatement page;
};
ProductPageStatements productPageStatements(const ProductQuery &query);
// ProductRepository::findById's statement, $1 the id.
const QString &productByIdStatement();

// All SQL on catalog.products. Each call runs on the calling thread's
// connection and answers its rows or the driver's error; callers run it
// inside Database::run.
class ProductRepository
{
public:
    explicit ProductRepository(Database &database);

    DbResult<ProductPage> findPage(const ProductQuery &query) const;
    DbResult<std::optional<Product>> findById(const QUuid &id) const;
    // Active products with at most threshold in stock, fewest first.
    DbResult<QList<Product>> findLowStock(qint64 threshold, int limit) const;
    // Exact, case-sensitive SKU (what a barcode scanner types).
    DbResult<std::optional<Product>> findBySku(const QString &sku) const;
    // The products with these SKUs, active or not (the import's preview).
    DbResult<QList<Product>> findBySkus(const QStringList &skus) const;
    // Up to limit products matching the query's filters whose SKU sorts
    // after afterSku, by SKU: the export reads the catalog page by page.
    DbResult<QList<Product>> findAfterSku(const ProductQuery &filters, const QString &afterSku, int limit) const;
    DbResult<Product> insert(const ProductDraft &draft, const QDateTime &now) const;
    // Changes the fields the patch sets, only if the stored version is still
    // expectedVersion, and bumps the version; empty otherwise.
    DbResult<std::optional<Product>> update(const QUuid &id, qint64 expectedVersion, const ProductPatch &patch,
                                            const QDateTime &now) const;
    // False when no product has that id.
    DbResult<bool> deactivate(const QUuid &id, const QDateTime &now) const;

    static bool isDuplicateSku(const QSqlError &error);
    static bool isUnknownCategory(const QSqlError &error);

private:
    Database &m_database;
};

} // namespace shop
