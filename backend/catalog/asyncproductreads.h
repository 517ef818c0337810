#pragma once

#include "catalogtypes.h"
#include "db/pgresults.h"

#include <functional>
#include <optional>

namespace shop {

class AsyncDatabase;

// The REST API's two hot product reads without blocking the calling thread
// (an HTTP I/O thread): the same statements as ProductRepository's findById
// and findPage (shared, productrepository.h), sent on the calling thread's
// PgPool; the rows are read from libpq's text straight into Products. Each
// callback runs on the calling thread.
class AsyncProductReads
{
public:
    explicit AsyncProductReads(AsyncDatabase &database);

    template<typename T>
    using Done = std::function<void(Result<T, PgFailure>)>;

    void findById(const QUuid &id, Done<std::optional<Product>> done) const;
    void findPage(const ProductQuery &query, Done<ProductPage> done) const;

private:
    AsyncDatabase &m_database;
};

// A product row (ProductRepository's columns) from PostgreSQL's text
// output; exposed for the test that compares it with the QPSQL reading.
Product productFromText(const PgRows &rows, int row);

} // namespace shop
