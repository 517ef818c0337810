#include "categorycontroller.h"

#include "authguard.h"
#include "catalog/catalogservice.h"
#include "catalog/catalogvalidation.h"
#include "catalogjson.h"
#include "jsonbody.h"

namespace shop {

namespace {

const QString kCollection = QStringLiteral("/api/v1/categories");

HttpResponse categoryResponse(int status, const Result<Category> &category, const HttpRequest &request)
{
    if (!category)
        return problemResponse(category.error(), request);
    return HttpResponse::json(status, QJsonDocument(catalogjson::toJson(category.value())));
}

} // namespace

CategoryController::CategoryController(CatalogService &service, const AuthGuard &guard)
    : m_service(service)
    , m_guard(guard)
{
}

void CategoryController::registerRoutes(Router &router)
{
    const QString item = kCollection + QStringLiteral("/{id}");
    router.add({"GET", kCollection, Execution::Worker, [this](const HttpRequest &r) { return listAction(r); }});
    router.add({"POST", kCollection, Execution::Worker, [this](const HttpRequest &r) { return createAction(r); }});
    router.add({"GET", item, Execution::Worker, [this](const HttpRequest &r) { return getAction(r); }});
    router.add({"PUT", item, Execution::Worker, [this](const HttpRequest &r) { return updateAction(r); }});
    router.add({"DELETE", item, Execution::Worker, [this](const HttpRequest &r) { return deleteAction(r); }});
}

HttpResponse CategoryController::listAction(const HttpRequest &request)
{
    const Result<QList<Category>> categories = m_service.categories();
    if (!categories)
        return problemResponse(categories.error(), request);
    return HttpResponse::json(200, QJsonDocument(catalogjson::toJson(categories.value())));
}

HttpResponse CategoryController::getAction(const HttpRequest &request)
{
    const Result<QUuid> id = uuidParameter(request, QStringLiteral("id"));
    if (!id)
        return problemResponse(id.error(), request);
    return categoryResponse(200, m_service.category(id.value()), request);
}

HttpResponse CategoryController::createAction(const HttpRequest &request)
{
    // Who asks comes before what they ask: an anonymous caller learns nothing from validation.
    if (const Result<Principal> manager = m_guard.requireManager(request); !manager)
        return problemResponse(manager.error(), request);
    const Result<CategoryDraft> draft =
        catalogjson::readBody(request, &catalogjson::readCategoryDraft, &catalog::validateCategory);
    if (!draft)
        return problemResponse(draft.error(), request);
    const Result<Category> created = m_service.createCategory(draft.value());
    HttpResponse response = categoryResponse(201, created, request);
    if (created)
        response.setHeader("Location", (kCollection + u'/' + created->id.toString(QUuid::WithoutBraces)).toUtf8());
    return response;
}

HttpResponse CategoryController::updateAction(const HttpRequest &request)
{
    if (const Result<Principal> manager = m_guard.requireManager(request); !manager)
        return problemResponse(manager.error(), request);
    const Result<QUuid> id = uuidParameter(request, QStringLiteral("id"));
    if (!id)
        return problemResponse(id.error(), request);
    const Result<CategoryDraft> draft =
        catalogjson::readBody(request, &catalogjson::readCategoryDraft, &catalog::validateCategory);
    if (!draft)
        return problemResponse(draft.error(), request);
    return categoryResponse(200, m_service.updateCategory(id.value(), draft.value()), request);
}

HttpResponse CategoryController::deleteAction(const HttpRequest &request)
{
    if (const Result<Principal> manager = m_guard.requireManager(request); !manager)
        return problemResponse(manager.error(), request);
    const Result<QUuid> id = uuidParameter(request, QStringLiteral("id"));
    if (!id)
        return problemResponse(id.error(), request);
    const Result<Done> deleted = m_service.deleteCategory(id.value());
    if (!deleted)
        return problemResponse(deleted.error(), request);
    return HttpResponse::noContent();
}

} // namespace shop
