#include "productcontroller.h"

#include "authguard.h"
#include "catalog/catalogservice.h"
#include "catalogjson.h"
#include "jsonbody.h"
#include "paging.h"

namespace shop {

namespace {

const QString kCollection = QStringLiteral("/api/v1/products");

struct ListRequest
{
    ProductQuery query;
    PageRequest page;
};

// ?categoryId&isActive&page&size, every bad parameter named in one 400.
Result<ListRequest> listRequestFromQuery(const QUrlQuery &query)
{
    ListRequest request;
    QList<FieldError> errors;
    const QString categoryId = QStringLiteral("categoryId");
    if (query.hasQueryItem(categoryId)) {
        const QString text = query.queryItemValue(categoryId, QUrl::FullyDecoded);
        const QUuid id = QUuid::fromString(text);
        if (id.isNull() || text.size() != 36)
            errors.append({categoryId, QStringLiteral("must be a UUID")});
        else
            request.query.categoryId = id;
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
    const Result<PageRequest> page = PageRequest::fromQuery(query);
    if (page)
        request.page = page.value();
    else
        errors.append(page.error().fields);
    if (!errors.isEmpty())
        return ServiceError::validation(errors);
    request.query.offset = request.page.offset();
    request.query.limit = request.page.size;
    return request;
}

HttpResponse productResponse(int status, const Result<Product> &product, const HttpRequest &request)
{
    if (!product)
        return problemResponse(product.error(), request);
    return HttpResponse::json(status, QJsonDocument(catalogjson::toJson(product.value())));
}

} // namespace

ProductController::ProductController(CatalogService &service, const AuthGuard &guard)
    : m_service(service)
    , m_guard(guard)
{
}

void ProductController::registerRoutes(Router &router)
{
    const QString item = kCollection + QStringLiteral("/{id}");
    router.add({"GET", kCollection, Execution::Worker, [this](const HttpRequest &r) { return listAction(r); }});
    router.add({"POST", kCollection, Execution::Worker, [this](const HttpRequest &r) { return createAction(r); }});
    router.add({"GET", item, Execution::Worker, [this](const HttpRequest &r) { return getAction(r); }});
    router.add({"PUT", item, Execution::Worker, [this](const HttpRequest &r) { return updateAction(r); }});
    router.add({"DELETE", item, Execution::Worker, [this](const HttpRequest &r) { return deleteAction(r); }});
}

HttpResponse ProductController::listAction(const HttpRequest &request)
{
    const Result<ListRequest> list = listRequestFromQuery(request.query);
    if (!list)
        return problemResponse(list.error(), request);
    const Result<ProductPage> page = m_service.products(list->query);
    if (!page)
        return problemResponse(page.error(), request);
    return HttpResponse::json(
        200, QJsonDocument(pageJson(catalogjson::toJson(page->items), page->totalElements, list->page)));
}

HttpResponse ProductController::getAction(const HttpRequest &request)
{
    const Result<QUuid> id = uuidParameter(request, QStringLiteral("id"));
    if (!id)
        return problemResponse(id.error(), request);
    return productResponse(200, m_service.product(id.value()), request);
}

HttpResponse ProductController::createAction(const HttpRequest &request)
{
    // Who asks comes before what they ask: an anonymous caller learns nothing from validation.
    if (const Result<Principal> manager = m_guard.requireManager(request); !manager)
        return problemResponse(manager.error(), request);
    const Result<ProductDraft> draft = catalogjson::readBody(request, &catalogjson::readProductDraft, &catalog::validateProduct);
    if (!draft)
        return problemResponse(draft.error(), request);
    const Result<Product> created = m_service.createProduct(draft.value());
    HttpResponse response = productResponse(201, created, request);
    if (created)
        response.setHeader("Location", (kCollection + u'/' + created->id.toString(QUuid::WithoutBraces)).toUtf8());
    return response;
}

HttpResponse ProductController::updateAction(const HttpRequest &request)
{
    if (const Result<Principal> manager = m_guard.requireManager(request); !manager)
        return problemResponse(manager.error(), request);
    const Result<QUuid> id = uuidParameter(request, QStringLiteral("id"));
    if (!id)
        return problemResponse(id.error(), request);
    const Result<ProductPatch> patch =
        catalogjson::readBody(request, &catalogjson::readProductPatch, &catalog::validateProductPatch);
    if (!patch)
        return problemResponse(patch.error(), request);
    return productResponse(200, m_service.updateProduct(id.value(), patch.value()), request);
}

HttpResponse ProductController::deleteAction(const HttpRequest &request)
{
    if (const Result<Principal> manager = m_guard.requireManager(request); !manager)
        return problemResponse(manager.error(), request);
    const Result<QUuid> id = uuidParameter(request, QStringLiteral("id"));
    if (!id)
        return problemResponse(id.error(), request);
    const Result<Done> deactivated = m_service.deactivateProduct(id.value());
    if (!deactivated)
        return problemResponse(deactivated.error(), request);
    return HttpResponse::noContent();
}

} // namespace shop
