#pragma once

#include "db/database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

// Catalog rows written straight to the database, so cart and checkout tests
// do not depend on the catalog API. Uses the test thread's connection.
namespace testsupport {

class CatalogFixtures
{
public:
    explicit CatalogFixtures(shop::Database &database) : m_database(database) {}

    // The new product's id, in a category made on first use; empty when it
    // could not be added (lastError() says why).
    QString addProduct(const QString &sku, qint64 priceCents, int stock, bool isActive = true)
    {
        if (m_categoryId.isEmpty()) {
            m_categoryId = scalar(QStringLiteral("INSERT INTO catalog.categories (name) VALUES (?) RETURNING id"),
                                  {QStringLiteral("Fixtures")})
                               .toString();
            if (m_categoryId.isEmpty())
                return {};
        }
        return scalar(QStringLiteral("INSERT INTO catalog.products (sku, name, price_cents, inventory_quantity, "
                                     "category_id, is_active) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
                      {sku, QString(QStringLiteral("Product ") + sku), priceCents, stock, m_categoryId, isActive})
            .toString();
    }

    // The product's inventory_quantity; -1 when it cannot be read.
    int stock(const QString &productId)
    {
        const QVariant quantity =
            scalar(QStringLiteral("SELECT inventory_quantity FROM catalog.products WHERE id = ?"), {productId});
        return quantity.isValid() ? quantity.toInt() : -1;
    }

    // Runs one statement with ? placeholders; the first column of its first
    // row, or an invalid QVariant (see lastError()).
    QVariant scalar(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(m_database.connection());
        query.prepare(sql);
        for (qsizetype i = 0; i < values.size(); ++i)
            query.bindValue(static_cast<int>(i), values.at(i));
        if (!query.exec()) {
            m_lastError = query.lastError().text();
            return {};
        }
        return query.next() ? query.value(0) : QVariant();
    }

    // Rows in a table, e.g. "catalog.cart_items"; -1 on error.
    int count(const QString &table)
    {
        const QVariant rows = scalar(QStringLiteral("SELECT count(*) FROM ") + table);
        return rows.isValid() ? rows.toInt() : -1;
    }

    const QString &lastError() const { return m_lastError; }

private:
    shop::Database &m_database;
    QString m_categoryId;
    QString m_lastError;
};

} // namespace testsupport
