#pragma once

#include "db/dbresult.h"

#include <QString>

namespace shop {

class Database;

// Fills the catalog with as many generated products as asked (up to ten
// million) for load tests and measurements: 100 categories, names made of
// words a search can find, prices, stock, 5 % inactive, creation times
// spread over two years. One transaction of set-based statements
// (generate_series), with the table's secondary indexes built and its
// foreign key checked once at the end, and the product counters recounted
// instead of bumped a row at a time.
// The table is locked for writes until it commits. For local runs only.
class DemoCatalogGenerator
{
public:
    static constexpr qint64 kMaxProducts = 10'000'000;
    static constexpr int kCategories = 100;

    explicit DemoCatalogGenerator(Database &database);

    // Whether catalog.products holds no row at all.
    DbResult<bool> isEmpty() const;
    // Adds count products whose SKUs start with G<runToken>- (runToken:
    // [A-Z0-9]+, different for every run so runs never collide); answers
    // how many were added.
    DbResult<qint64> generate(qint64 count, const QString &runToken);

private:
    Database &m_database;
};

} // namespace shop
