#pragma once

#include "apiroutes.h"

namespace prometheus {
class Counter;
}

namespace shop {

class CatalogService;
struct Product;
class Metrics;

// /api/v1/categories and /api/v1/products: public reads (products paged),
// manager-only writes.
class CatalogController
{
public:
    CatalogController(CatalogService &service, Metrics &metrics);
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
    void listProductsAsync(const ApiCall &call, AsyncApiReply reply);
    void getProductAsync(const ApiCall &call, AsyncApiReply reply);
    // 200 (or 304) with the product; counts the view.
    HttpResponse productResponse(const HttpRequest &request, const Product &product);
    Result<HttpResponse> createProductAction(const ApiCall &call);
    Result<HttpResponse> updateProductAction(const ApiCall &call);
    Result<HttpResponse> deactivateProductAction(const ApiCall &call);

    CatalogService &m_service;
    prometheus::Counter &m_productViews;
};

} // namespace shop
