#pragma once

#include "catalogtypes.h"

#include <QSqlError>

#include <optional>

namespace shop {

class Database;

// All SQL on catalog.products. Each call runs on the calling thread's
// connection and returns its error (invalid on success); callers run it
// inside Database::run, which may call it twice, so outputs are reset first.
class ProductRepository
{
public:
    explicit ProductRepository(Database &database);

    QSqlError findPage(const ProductQuery &query, ProductPage &page) const;
    QSqlError findById(const QUuid &id, std::optional<Product> &product) const;
    // Active products with at most threshold in stock, fewest first.
    QSqlError findLowStock(qint64 threshold, int limit, QList<Product> &products) const;
    // Exact, case-sensitive SKU (what a barcode scanner types).
    QSqlError findBySku(const QString &sku, std::optional<Product> &product) const;
    QSqlError insert(const ProductDraft &draft, const QDateTime &now, Product &product) const;
    // Changes the fields the patch sets, only if the stored version is still
    // expectedVersion, and bumps the version; product stays empty otherwise.
    QSqlError update(const QUuid &id, qint64 expectedVersion, const ProductPatch &patch, const QDateTime &now,
                     std::optional<Product> &product) const;
    QSqlError deactivate(const QUuid &id, const QDateTime &now, bool &found) const;

    static bool isDuplicateSku(const QSqlError &error);
    static bool isUnknownCategory(const QSqlError &error);

private:
    Database &m_database;
};

} // namespace shop
