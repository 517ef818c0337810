#include "catalogcontroller.h"

#include "apiresponses.h"
#include "catalog/catalogservice.h"
#include "catalog/catalogvalidation.h"
#include "catalogjson.h"
#include "core/ids.h"
#include "core/metrics.h"
#include "jsonbody.h"
#include "paging.h"

#include <cmath>
#include <limits>

namespace shop {

namespace {

const QString kCategories = QStringLiteral("/api/v1/categories");
const QString kProducts = QStringLiteral("/api/v1/products");
const QString kId = QStringLiteral("id");

struct ProductListRequest
{
    ProductQuery query;
    PageRequest page;
    QString fingerprint;
};

// 9999-12-31T23:59:59.999Z, within what timestamptz holds either way.
constexpr qint64 kLastMillisecond = 253402300799999;

// A JSON number that is a whole number a double holds exactly.
std::optional<qint64> wholeNumber(const QJsonValue &value)
{
    constexpr double kExact = 9007199254740992.0; // 2^53
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (std::trunc(number) != number || std::abs(number) > kExact)
        return std::nullopt;
    return static_cast<qint64>(number);
}

// The cursor's sort key as the sort's column value: text for name and sku,
// cents for price, the stock, milliseconds since 1970 for createdAt.
QJsonValue sortKey(const Product &product, ProductOrder order)
{
    switch (order) {
    case ProductOrder::Name: return product.name;
    case ProductOrder::Sku: return product.sku;
    case ProductOrder::Price: return product.price.cents();
    case ProductOrder::Stock: return product.inventoryQuantity;
    case ProductOrder::Oldest: return product.createdAt.toMSecsSinceEpoch();
    case ProductOrder::Category:
    case ProductOrder::Active: break; // not REST sorts
    }
    return {};
}

// The row a cursor stands for, with just its sort key and id set, or
// nothing when the key is not of the sort's type.
std::optional<Product> cursorRow(const QJsonObject &cursor, ProductOrder order)
{
    Product row;
    row.id = *idFromText(cursor.value(QStringLiteral("i")).toString()); // checked by PageRequest
    const QJsonValue key = cursor.value(QStringLiteral("k"));
    if (order == ProductOrder::Name || order == ProductOrder::Sku) {
        // PostgreSQL's text holds no NUL character.
        if (!key.isString() || key.toString().contains(QChar(0)))
            return std::nullopt;
        (order == ProductOrder::Name ? row.name : row.sku) = key.toString();
        return row;
    }
    const std::optional<qint64> number = wholeNumber(key);
    if (!number)
        return std::nullopt;
    // Each within its column's type, so the statement never fails on it.
    if (order == ProductOrder::Price)
        row.price = Money::fromCents(*number);
    else if (order == ProductOrder::Stock && std::abs(*number) <= std::numeric_limits<qint32>::max())
        row.inventoryQuantity = *number;
    else if (order == ProductOrder::Oldest && std::abs(*number) <= kLastMillisecond)
        row.createdAt = QDateTime::fromMSecsSinceEpoch(*number, Qt::UTC);
    else
        return std::nullopt;
    return row;
}

// sortBy: the Spring platform's names for the sorts the V7 indexes serve.
// Spring takes any property of its entity and fails with a 500 for others;
// here anything else is a 400 naming sortBy.
void readSortBy(const QUrlQuery &query, ProductQuery &request, QList<FieldError> &errors)
{
    const QString sortBy = QStringLiteral("sortBy");
    request.order = ProductOrder::Name;
    if (!query.hasQueryItem(sortBy))
        return;
    static const QList<QPair<QString, ProductOrder>> orders{
        {QStringLiteral("name"), ProductOrder::Name},
        {QStringLiteral("price"), ProductOrder::Price},
        {QStringLiteral("createdAt"), ProductOrder::Oldest},
        {QStringLiteral("sku"), ProductOrder::Sku},
        {QStringLiteral("inventoryQuantity"), ProductOrder::Stock},
    };
    const QString text = query.queryItemValue(sortBy, QUrl::FullyDecoded);
    for (const auto &[name, order] : orders) {
        if (text == name) {
            request.order = order;
            return;
        }
    }
    errors.append({sortBy, QStringLiteral("must be one of name, price, createdAt, sku, inventoryQuantity")});
}

// sortDir: asc or desc in any case, as Spring compares them. Spring sorts
// anything but "desc" ascending; here anything else is a 400 naming sortDir,
// so a misspelt "dsc" is not silently ascending.
void readSortDir(const QUrlQuery &query, ProductQuery &request, QList<FieldError> &errors)
{
    const QString sortDir = QStringLiteral("sortDir");
    if (!query.hasQueryItem(sortDir))
        return;
    const QString text = query.queryItemValue(sortDir, QUrl::FullyDecoded);
    if (text.compare(u"desc", Qt::CaseInsensitive) == 0)
        request.isDescending = true;
    else if (text.compare(u"asc", Qt::CaseInsensitive) != 0)
        errors.append({sortDir, QStringLiteral("must be asc or desc")});
}

// ?categoryId&isActive&page&size&sortBy&sortDir&cursor, every bad parameter
// named in one 400.
Result<ProductListRequest> productListRequest(const QUrlQuery &query)
{
    ProductListRequest request;
    QList<FieldError> errors;
    const QString categoryId = QStringLiteral("categoryId");
    if (query.hasQueryItem(categoryId)) {
        request.query.categoryId = idFromText(query.queryItemValue(categoryId, QUrl::FullyDecoded));
        if (!request.query.categoryId)
            errors.append({categoryId, QStringLiteral("must be a UUID")});
    }
    const QString isActive = QStringLiteral("isActive");
    if (query.hasQueryItem(isActive)) {
        const QString text = query.queryItemValue(isActive, QUrl::FullyDecoded);
        if (text.compare(u"true", Qt::CaseInsensitive) == 0)
            request.query.isActive = true;
        else if (text.compare(u"false", Qt::CaseInsensitive) == 0)
            request.query.isActive = false;
        else
            errors.append({isActive, QStringLiteral("must be true or false")});
    }
    request.page = PageRequest::fromQuery(query, errors);
    readSortBy(query, request.query, errors);
    readSortDir(query, request.query, errors);
    const ProductQuery &listing = request.query;
    request.fingerprint = listingFingerprint(
        {QStringLiteral("products"), QString::number(static_cast<int>(listing.order)),
         listing.isDescending ? QStringLiteral("desc") : QStringLiteral("asc"),
         listing.categoryId ? idText(*listing.categoryId) : QString(),
         listing.isActive ? QString::number(*listing.isActive) : QStringLiteral("any")});
    request.page.readCursor(query, request.fingerprint, errors);
    if (request.page.cursor && errors.isEmpty()) {
        request.query.after = cursorRow(*request.page.cursor, request.query.order);
        if (!request.query.after)
            errors.append(badCursor());
    }
    if (!errors.isEmpty())
        return ServiceError::validation(errors);
    request.query.isCountedAfter = true;
    request.query.offset = request.query.after ? 0 : request.page.offset();
    request.query.limit = request.page.size;
    return request;
}

const auto asJson = [](const auto &value) { return catalogjson::toJson(value); };

// A page of the listing as the client gets it, with nextCursor when
// another page follows; the same for both ways of reading it.
HttpResponse productPageResponse(const HttpRequest &request, const ProductListRequest &list, const ProductPage &page)
{
    std::optional<QString> next;
    if (hasNextPage(list.page, page.items.size(), page.totalElements)) {
        const Product &last = page.items.constLast();
        next = nextCursor(list.page, list.fingerprint,
                          QJsonObject{{QStringLiteral("k"), sortKey(last, list.query.order)},
                                      {QStringLiteral("i"), idText(last.id)}});
    }
    return revalidatableJson(request, catalogjson::productPageBody(page, list.page, next));
}

} // namespace

CatalogController::CatalogController(CatalogService &service, Metrics &metrics)
    : m_service(service)
    , m_productViews(prometheus::BuildCounter()
                         .Name("product_views_total")
                         .Help("Products shown to the web store (GET /api/v1/products/{id} answered 200)")
                         .Register(metrics.registry())
                         .Add({}))
{
}

void CatalogController::registerRoutes(ApiRoutes &routes)
{
    const QString category = kCategories + QStringLiteral("/{id}");
    routes.add(Access::Public, "GET", kCategories, [this](const ApiCall &) { return listCategoriesAction(); });
    routes.add(Access::Manager, "POST", kCategories,
               [this](const ApiCall &call) { return createCategoryAction(call); });
    routes.add(Access::Public, "GET", category, kId, [this](const ApiCall &call) { return getCategoryAction(call); });
    routes.add(Access::Manager, "PUT", category, kId,
               [this](const ApiCall &call) { return updateCategoryAction(call); });
    routes.add(Access::Manager, "DELETE", category, kId,
               [this](const ApiCall &call) { return deleteCategoryAction(call); });

    const QString product = kProducts + QStringLiteral("/{id}");
    // The two hot reads: on the I/O thread with non-blocking database
    // sessions where the service has them (serve), else on the workers.
    if (m_service.hasAsyncReads()) {
        routes.addAsync("GET", kProducts, {},
                        [this](const ApiCall &call, AsyncApiReply reply) { listProductsAsync(call, std::move(reply)); });
        routes.addAsync("GET", product, kId,
                        [this](const ApiCall &call, AsyncApiReply reply) { getProductAsync(call, std::move(reply)); });
    } else {
        routes.add(Access::Public, "GET", kProducts, [this](const ApiCall &call) { return listProductsAction(call); });
        routes.add(Access::Public, "GET", product, kId, [this](const ApiCall &call) { return getProductAction(call); });
    }
    routes.add(Access::Manager, "POST", kProducts, [this](const ApiCall &call) { return createProductAction(call); });
    routes.add(Access::Manager, "PUT", product, kId,
               [this](const ApiCall &call) { return updateProductAction(call); });
    routes.add(Access::Manager, "DELETE", product, kId,
               [this](const ApiCall &call) { return deactivateProductAction(call); });
}

Result<HttpResponse> CatalogController::listCategoriesAction()
{
    return jsonResponse(200, m_service.categories(), asJson);
}

Result<HttpResponse> CatalogController::getCategoryAction(const ApiCall &call)
{
    return jsonResponse(200, m_service.category(call.id), asJson);
}

Result<HttpResponse> CatalogController::createCategoryAction(const ApiCall &call)
{
    const Result<CategoryDraft> draft =
        readJsonBody(call.request, &catalogjson::readCategoryDraft, &catalog::validateCategory);
    if (!draft)
        return draft.error();
    return createdResponse(kCategories, m_service.createCategory(draft.value()), asJson);
}

Result<HttpResponse> CatalogController::updateCategoryAction(const ApiCall &call)
{
    const Result<CategoryPatch> patch =
        readJsonBody(call.request, &catalogjson::readCategoryPatch, &catalog::validateCategoryPatch);
    if (!patch)
        return patch.error();
    return jsonResponse(200, m_service.patchCategory(call.id, patch.value()), asJson);
}

Result<HttpResponse> CatalogController::deleteCategoryAction(const ApiCall &call)
{
    return noContentResponse(m_service.deleteCategory(call.id));
}

Result<HttpResponse> CatalogController::listProductsAction(const ApiCall &call)
{
    const Result<ProductListRequest> list = productListRequest(call.request.query);
    if (!list)
        return list.error();
    const Result<ProductPage> page = m_service.products(list->query);
    if (!page)
        return page.error();
    return productPageResponse(call.request, list.value(), page.value());
}

Result<HttpResponse> CatalogController::getProductAction(const ApiCall &call)
{
    const Result<Product> product = m_service.product(call.id);
    if (!product)
        return product.error();
    return productResponse(call.request, product.value());
}

HttpResponse CatalogController::productResponse(const HttpRequest &request, const Product &product)
{
    m_productViews.Increment();
    return revalidatableJson(request, catalogjson::productBody(product));
}

void CatalogController::listProductsAsync(const ApiCall &call, AsyncApiReply reply)
{
    Result<ProductListRequest> list = productListRequest(call.request.query);
    if (!list) {
        reply(list.error());
        return;
    }
    const ProductQuery query = list->query;
    m_service.productsAsync(query, [&request = call.request, list = std::move(list.value()),
                                    reply = std::move(reply)](Result<ProductPage> page) {
        if (!page)
            reply(page.error());
        else
            reply(productPageResponse(request, list, page.value()));
    });
}

void CatalogController::getProductAsync(const ApiCall &call, AsyncApiReply reply)
{
    m_service.productAsync(call.id, [this, &request = call.request, reply = std::move(reply)](Result<Product> product) {
        if (!product)
            reply(product.error());
        else
            reply(productResponse(request, product.value()));
    });
}

Result<HttpResponse> CatalogController::createProductAction(const ApiCall &call)
{
    const Result<ProductDraft> draft =
        readJsonBody(call.request, &catalogjson::readProductDraft, &catalog::validateProduct);
    if (!draft)
        return draft.error();
    return createdResponse(kProducts, m_service.createProduct(draft.value()), asJson);
}

Result<HttpResponse> CatalogController::updateProductAction(const ApiCall &call)
{
    const Result<ProductPatch> patch =
        readJsonBody(call.request, &catalogjson::readProductPatch, &catalog::validateProductPatch);
    if (!patch)
        return patch.error();
    return jsonResponse(200, m_service.updateProduct(call.id, patch.value()), asJson);
}

Result<HttpResponse> CatalogController::deactivateProductAction(const ApiCall &call)
{
    return noContentResponse(m_service.deactivateProduct(call.id));
}

} // namespace shop
