#include "catalogcontroller.h"

#include "apiresponses.h"
#include "catalog/catalogservice.h"
#include "catalog/catalogvalidation.h"
#include "catalogjson.h"
#include "core/ids.h"
#include "jsonbody.h"
#include "paging.h"

namespace shop {

namespace {

const QString kCategories = QStringLiteral("/api/v1/categories");
const QString kProducts = QStringLiteral("/api/v1/products");
const QString kId = QStringLiteral("id");

struct ProductListRequest
{
    ProductQuery query;
    PageRequest page;
};

Result<CategoryDraft> readCategoryBody(const HttpRequest &request)
{
    return readJsonBody(request, &catalogjson::readCategoryDraft, &catalog::validateCategory);
}

// ?categoryId&isActive&page&size, every bad parameter named in one 400.
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
    if (!errors.isEmpty())
        return ServiceError::validation(errors);
    request.query.offset = request.page.offset();
    request.query.limit = request.page.size;
    return request;
}

const auto asJson = [](const auto &value) { return catalogjson::toJson(value); };

} // namespace

CatalogController::CatalogController(CatalogService &service)
    : m_service(service)
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
    routes.add(Access::Public, "GET", kProducts, [this](const ApiCall &call) { return listProductsAction(call); });
    routes.add(Access::Manager, "POST", kProducts, [this](const ApiCall &call) { return createProductAction(call); });
    routes.add(Access::Public, "GET", product, kId, [this](const ApiCall &call) { return getProductAction(call); });
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
    const Result<CategoryDraft> draft = readCategoryBody(call.request);
    if (!draft)
        return draft.error();
    return createdResponse(kCategories, m_service.createCategory(draft.value()), asJson);
}

Result<HttpResponse> CatalogController::updateCategoryAction(const ApiCall &call)
{
    const Result<CategoryDraft> draft = readCategoryBody(call.request);
    if (!draft)
        return draft.error();
    return jsonResponse(200, m_service.updateCategory(call.id, draft.value()), asJson);
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
    return pageResponse(m_service.products(list->query), list->page, asJson);
}

Result<HttpResponse> CatalogController::getProductAction(const ApiCall &call)
{
    return jsonResponse(200, m_service.product(call.id), asJson);
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
