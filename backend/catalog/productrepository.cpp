#include "productrepository.h"

#include "catalogsql.h"
#include "core/ids.h"
#include "db/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <utility>

namespace shop {

namespace {

using namespace catalog;

const QString kColumns = QStringLiteral(R"(
    id, sku, name, description, price_cents, inventory_quantity, category_id, is_active, version,
    created_at, updated_at, reorder_level)");

// The listing's statements, completed by listingFilter() and orderBy() below.
// Counting the matches is left to the manager window's search, which the
// counters below cannot answer.
const QString kCountListing = QStringLiteral(R"(
    SELECT count(*) FROM catalog.products)");

// The listing's total without reading the matches: product_counts has the
// columns the category and activity filters name (V7 keeps it exact).
const QString kSumCounters = QStringLiteral(R"(
    SELECT COALESCE(sum(product_count), 0)::bigint FROM catalog.product_counts)");

const QString kSelectListing = QStringLiteral(R"(
    SELECT %1 FROM catalog.products)").arg(kColumns);

const QString kSelectLowStock = QStringLiteral(R"(
    SELECT %1 FROM catalog.products
     WHERE is_active AND inventory_quantity <= $1
     ORDER BY inventory_quantity, sku
     LIMIT $2)").arg(kColumns);

const QString kSelectById = QStringLiteral(R"(
    SELECT %1 FROM catalog.products WHERE id = $1)").arg(kColumns);

const QString kSelectBySku = QStringLiteral(R"(
    SELECT %1 FROM catalog.products WHERE sku = $1)").arg(kColumns);

// The SKUs travel as one JSON array: one statement for a whole batch.
const QString kSelectBySkus = QStringLiteral(R"(
    SELECT %1 FROM catalog.products WHERE sku = ANY (SELECT jsonb_array_elements_text($1::jsonb)))").arg(kColumns);

const QString kInsert = QStringLiteral(R"(
    INSERT INTO catalog.products (sku, name, description, price_cents, inventory_quantity, category_id,
                                  is_active, created_at, updated_at, reorder_level)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)
    RETURNING %1)").arg(kColumns);

// Absent fields are bound as NULL and keep the stored value, so columns the
// client did not touch (inventory, which checkout decrements) are never
// written back from an older read. reorder_level may be set back to NULL, so
// it has a flag of its own ($11) instead.
const QString kUpdate = QStringLiteral(R"(
    UPDATE catalog.products
       SET sku = COALESCE($1::text, sku), name = COALESCE($2::text, name),
           description = COALESCE($3::text, description), price_cents = COALESCE($4::bigint, price_cents),
           inventory_quantity = COALESCE($5::integer, inventory_quantity),
           category_id = COALESCE($6::uuid, category_id), is_active = COALESCE($7::boolean, is_active),
           reorder_level = CASE WHEN $11::boolean THEN $12::integer ELSE reorder_level END,
           updated_at = $8, version = version + 1
     WHERE id = $9 AND version = $10
    RETURNING %1)").arg(kColumns);

const QString kDeactivate = QStringLiteral(R"(
    UPDATE catalog.products SET is_active = false, updated_at = $1, version = version + 1 WHERE id = $2)");

// The listing's WHERE clause grows one condition per filter instead of using
// "($1 IS NULL OR category_id = $1)", which would keep the planner from using
// products_category_active_idx. Only these fixed fragments are ever joined,
// and every value is bound.
struct ListingFilter
{
    QString where;
    QVariantList values;

    void add(const QString &condition, const QVariant &value)
    {
        values.append(value);
        where.append(where.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND "));
        where.append(condition.arg(values.size()));
    }

    // A condition on two values, $%1 and $%2.
    void add(const QString &condition, const QVariant &first, const QVariant &second)
    {
        values.append(first);
        values.append(second);
        where.append(where.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND "));
        where.append(condition.arg(values.size() - 1).arg(values.size()));
    }
};

// The sort keys of a listing before the final id, as expressions on a
// products row. Sorting by activity within one activity is sorting by id
// alone, which the primary key serves (and a keyset page can start at).
QStringList sortKeys(const ProductQuery &request)
{
    if (request.order == ProductOrder::Active && request.isActive)
        return {};
    switch (request.order) {
    case ProductOrder::Oldest: return {QStringLiteral("created_at")};
    case ProductOrder::Sku: return {QStringLiteral("sku")};
    case ProductOrder::Name: return {QStringLiteral("name")};
    case ProductOrder::Category: // as selectByCategory() pages it
        return {QStringLiteral("(SELECT c.name FROM catalog.categories c WHERE c.id = products.category_id)"),
                QStringLiteral("category_id"), QStringLiteral("name")};
    case ProductOrder::Price: return {QStringLiteral("price_cents")};
    case ProductOrder::Stock: return {QStringLiteral("inventory_quantity")};
    case ProductOrder::Active: return {QStringLiteral("is_active")};
    }
    return {QStringLiteral("created_at")};
}

// Keyset paging: the rows after the cursor row in the listing's order,
// "(key, id) > (the cursor's key, its id)" (< when descending). A row
// comparison is what lets the sort's index start the scan at the cursor
// (V7's indexes end in id); it compares with the column's collation, as
// ORDER BY does. The cursor's key is its own column value, bound with the
// column's type.
void addAfter(ListingFilter &filter, const ProductQuery &request)
{
    const Product &last = *request.after;
    const auto [cursorKey, value] = [&]() -> std::pair<QString, QVariant> {
        switch (request.order) {
        case ProductOrder::Oldest: return {QStringLiteral("$%1::timestamptz"), last.createdAt};
        case ProductOrder::Sku: return {QStringLiteral("$%1::text"), last.sku};
        case ProductOrder::Name: return {QStringLiteral("$%1::text"), last.name};
        case ProductOrder::Category: break; // paged by selectByCategory()
        case ProductOrder::Price: return {QStringLiteral("$%1::bigint"), last.price.cents()};
        case ProductOrder::Stock: return {QStringLiteral("$%1::integer"), last.inventoryQuantity};
        case ProductOrder::Active: return {QStringLiteral("$%1::boolean"), last.isActive};
        }
        return {QStringLiteral("$%1::timestamptz"), last.createdAt};
    }();
    const QString comparison = request.isDescending ? QStringLiteral("<") : QStringLiteral(">");
    const QStringList keys = sortKeys(request);
    if (keys.isEmpty()) {
        filter.add(QStringLiteral("id %1 $%2::uuid").arg(comparison, QStringLiteral("%1")), idText(last.id));
        return;
    }
    filter.add(QStringLiteral("(%1, id) %2 (%3, $%4::uuid)")
                   .arg(keys.constFirst(), comparison, cursorKey, QStringLiteral("%2")),
               value, idText(last.id));
}

ListingFilter listingFilter(const ProductQuery &request)
{
    ListingFilter filter;
    if (request.categoryId)
        filter.add(QStringLiteral("category_id = $%1"), idText(*request.categoryId));
    if (request.isActive)
        filter.add(QStringLiteral("is_active = $%1"), *request.isActive);
    if (!request.search.isEmpty()) {
        QString pattern = request.search;
        pattern.replace(u'\\', QStringLiteral("\\\\")).replace(u'%', QStringLiteral("\\%")).replace(u'_', QStringLiteral("\\_"));
        filter.add(QStringLiteral("(sku ILIKE $%1 OR name ILIKE $%1)"), QStringLiteral("%%1%").arg(pattern));
    }
    return filter;
}

QString orderBy(const ProductQuery &request)
{
    const QString direction = request.isDescending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    return QStringLiteral(" ORDER BY ") + (sortKeys(request) << QStringLiteral("id")).join(direction + u", ")
         + direction;
}

// The category order (the manager window's): by category name, then, in a
// category, by product name and id. Sorting every match by its category's
// name read the whole table for each page (15 s at 1,000,000 products).
// Instead each category, in name order, gives at most a page of its own
// products from products_category_active_name_idx, and the page is the
// first of those: at most a page per category is read. After a cursor,
// its own category goes on after the cursor's name and id, and only the
// categories after it follow.
QString selectByCategory(ListingFilter &filter, const ProductQuery &request)
{
    const QString direction = request.isDescending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    QString inCategory = filter.where + (filter.where.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND "))
                       + QStringLiteral("category_id = c.id");
    QString categories;
    if (request.after) {
        const Product &last = *request.after;
        filter.values.append(idText(last.categoryId));
        const qsizetype categoryParameter = filter.values.size();
        filter.values.append(last.name);
        filter.values.append(idText(last.id));
        const QString cursorCategory =
            QStringLiteral("(SELECT name FROM catalog.categories WHERE id = $%1::uuid)").arg(categoryParameter);
        const QString comparison = request.isDescending ? QStringLiteral("<") : QStringLiteral(">");
        inCategory += QStringLiteral(" AND (c.id <> $%1::uuid OR (name, id) %2 ($%3::text, $%4::uuid))")
                          .arg(categoryParameter)
                          .arg(comparison)
                          .arg(categoryParameter + 1)
                          .arg(categoryParameter + 2);
        categories = QStringLiteral(" WHERE (c.name, c.id) %1= (%2, $%3::uuid)")
                         .arg(comparison, cursorCategory)
                         .arg(categoryParameter);
    }
    filter.values.append(request.limit);
    const qsizetype limit = filter.values.size();
    return QStringLiteral("SELECT p.* FROM catalog.categories c"
                          " CROSS JOIN LATERAL (SELECT %1 FROM catalog.products%2 ORDER BY name%3, id%3 LIMIT $%4) p"
                          "%5 ORDER BY c.name%3, c.id%3, p.name%3, p.id%3 LIMIT $%4")
        .arg(kColumns, inCategory, direction)
        .arg(limit)
        .arg(categories);
}

Product fromRow(const QSqlQuery &query)
{
    Product product;
    product.id = query.value(0).toUuid();
    product.sku = query.value(1).toString();
    product.name = query.value(2).toString();
    product.description = sql::optionalText(query.value(3));
    product.price = Money::fromCents(query.value(4).toLongLong());
    product.inventoryQuantity = query.value(5).toLongLong();
    product.categoryId = query.value(6).toUuid();
    product.isActive = query.value(7).toBool();
    product.version = query.value(8).toLongLong();
    product.createdAt = query.value(9).toDateTime();
    product.updatedAt = query.value(10).toDateTime();
    if (!query.value(11).isNull())
        product.reorderLevel = query.value(11).toLongLong();
    return product;
}

} // namespace

ProductRepository::ProductRepository(Database &database)
    : m_database(database)
{
}

ProductPageStatements productPageStatements(const ProductQuery &request)
{
    ListingFilter filter = listingFilter(request);
    ProductPageStatements statements;
    if (!request.after || request.isCountedAfter) {
        const QString &countStatement = request.search.isEmpty() ? kSumCounters : kCountListing;
        statements.count = BoundStatement{countStatement + filter.where, filter.values};
    }

    BoundStatement &page = statements.page;
    if (request.order == ProductOrder::Category && request.offset == 0) {
        page.sql = selectByCategory(filter, request);
        page.values = filter.values;
    } else if (request.after) {
        addAfter(filter, request);
        const QString limit = QStringLiteral(" LIMIT $%1").arg(filter.values.size() + 1);
        page.sql = kSelectListing + filter.where + orderBy(request) + limit;
        page.values = filter.values + QVariantList{request.limit};
    } else if (request.offset == 0) {
        const QString limit = QStringLiteral(" LIMIT $%1").arg(filter.values.size() + 1);
        page.sql = kSelectListing + filter.where + orderBy(request) + limit;
        page.values = filter.values + QVariantList{request.limit};
    } else {
        // A deep page skips its offset in the ids alone, which the sort's
        // index holds (an index-only scan: no table row is read for the
        // rows skipped), then reads the rows of the page.
        const qsizetype next = filter.values.size() + 1;
        const QString ids = QStringLiteral("SELECT id FROM catalog.products%1%2 LIMIT $%3 OFFSET $%4")
                                .arg(filter.where, orderBy(request))
                                .arg(next)
                                .arg(next + 1);
        page.sql = kSelectListing + QStringLiteral(" WHERE id IN (%1)").arg(ids) + orderBy(request);
        page.values = filter.values + QVariantList{request.limit, request.offset};
    }
    return statements;
}

const QString &productByIdStatement()
{
    return kSelectById;
}

DbResult<ProductPage> ProductRepository::findPage(const ProductQuery &request) const
{
    const ProductPageStatements statements = productPageStatements(request);
    qint64 total = 0;
    if (statements.count) {
        const DbResult<qint64> counted =
            fetchNumber(*m_database.prepared(statements.count->sql), statements.count->values);
        if (!counted)
            return counted.error();
        total = counted.value();
    }
    const DbResult<QList<Product>> items =
        fetchAll(*m_database.prepared(statements.page.sql), statements.page.values, fromRow);
    if (!items)
        return items.error();
    return ProductPage{items.value(), total};
}

DbResult<QList<Product>> ProductRepository::findLowStock(qint64 threshold, int limit) const
{
    return fetchAll(*m_database.prepared(kSelectLowStock), {threshold, limit}, fromRow);
}

DbResult<std::optional<Product>> ProductRepository::findById(const QUuid &id) const
{
    return fetchFirst(*m_database.prepared(kSelectById), {idText(id)}, fromRow);
}

DbResult<std::optional<Product>> ProductRepository::findBySku(const QString &sku) const
{
    return fetchFirst(*m_database.prepared(kSelectBySku), {sku}, fromRow);
}

DbResult<QList<Product>> ProductRepository::findBySkus(const QStringList &skus) const
{
    const QByteArray array = QJsonDocument(QJsonArray::fromStringList(skus)).toJson(QJsonDocument::Compact);
    return fetchAll(*m_database.prepared(kSelectBySkus), {QString::fromUtf8(array)}, fromRow);
}

DbResult<QList<Product>> ProductRepository::findAfterSku(const ProductQuery &filters, const QString &afterSku,
                                                          int limit) const
{
    ListingFilter filter = listingFilter(filters);
    filter.add(QStringLiteral("sku > $%1"), afterSku);
    const QString page = QStringLiteral(" ORDER BY sku LIMIT $%1").arg(filter.values.size() + 1);
    return fetchAll(*m_database.prepared(kSelectListing + filter.where + page), filter.values + QVariantList{limit},
                    fromRow);
}

DbResult<Product> ProductRepository::insert(const ProductDraft &draft, const QDateTime &now) const
{
    const DbResult<std::optional<Product>> inserted =
        fetchFirst(*m_database.prepared(kInsert),
                   {draft.sku, draft.name, sql::text(draft.description), draft.price.cents(), draft.inventoryQuantity,
                    idText(draft.categoryId), draft.isActive, now, sql::orNull(draft.reorderLevel)},
                   fromRow);
    if (!inserted)
        return inserted.error();
    return inserted.value().value_or(Product()); // RETURNING always gives the row
}

DbResult<std::optional<Product>> ProductRepository::update(const QUuid &id, qint64 expectedVersion,
                                                           const ProductPatch &patch, const QDateTime &now) const
{
    const std::optional<qint64> priceCents =
        patch.price ? std::optional<qint64>(patch.price->cents()) : std::nullopt;
    const QVariant categoryId = patch.categoryId ? idText(*patch.categoryId) : sql::text(std::nullopt);
    return fetchFirst(*m_database.prepared(kUpdate),
                      {sql::text(patch.sku), sql::text(patch.name), sql::text(patch.description),
                       sql::orNull(priceCents), sql::orNull(patch.inventoryQuantity), categoryId,
                       sql::orNull(patch.isActive), now, idText(id), expectedVersion, patch.reorderLevel.has_value(),
                       sql::orNull(patch.reorderLevel.value_or(std::nullopt))},
                      fromRow);
}

DbResult<bool> ProductRepository::deactivate(const QUuid &id, const QDateTime &now) const
{
    return touchedAny(m_database.executeAndCount(kDeactivate, {now, idText(id)}));
}

bool ProductRepository::isDuplicateSku(const QSqlError &error)
{
    return sql::violates(error, sql::kUniqueViolation, "products_sku_uq");
}

bool ProductRepository::isUnknownCategory(const QSqlError &error)
{
    return sql::violates(error, sql::kForeignKeyViolation, "products_category_id_fkey");
}

} // namespace shop
