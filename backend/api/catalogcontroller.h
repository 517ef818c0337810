#pragma once

#include "apiroutes.h"

namespace shop {

class CatalogService;

// /api/v1/categories and /api/v1/products: public reads (products paged),
// manager-only writes.
class CatalogController
{
public:
    explicit CatalogController(CatalogService &service);
    Q_DISABLE_COPY_MOVE(CatalogController)

    void registerRoutes(ApiRoutes &routes);

private:
    Result<HttpResponse> listCategoriesAction();
    Result<HttpResponse> getCategoryAction(const ApiCall &call);
    Result<HttpResponse> createCategoryAction(const ApiCall &call);
    Result<HttpResponse> updateCategoryAction(const ApiCall &call);
    Result<HttpResponse> deleteCategoryAction(const ApiCall &call);

    Result<HttpResponse> listProductsAction(const ApiCall &call);
    Result<HttpResponse> getProductAction(const ApiCall &call);
    Result<HttpResponse> createProductAction(const ApiCall &call);
    Result<HttpResponse> updateProductAction(const ApiCall &call);
    Result<HttpResponse> deactivateProductAction(const ApiCall &call);

    CatalogService &m_service;
};

} // namespace shop
