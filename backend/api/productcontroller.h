#pragma once

#include "http/router.h"

namespace shop {

class AuthGuard;
class CatalogService;

// /api/v1/products: public reads (paged listing), manager-only writes.
class ProductController
{
public:
    ProductController(CatalogService &service, const AuthGuard &guard);
    ProductController(const ProductController &) = delete;
    ProductController &operator=(const ProductController &) = delete;

    void registerRoutes(Router &router);

private:
    HttpResponse listAction(const HttpRequest &request);
    HttpResponse getAction(const HttpRequest &request);
    HttpResponse createAction(const HttpRequest &request);
    HttpResponse updateAction(const HttpRequest &request);
    HttpResponse deleteAction(const HttpRequest &request);

    CatalogService &m_service;
    const AuthGuard &m_guard;
};

} // namespace shop
