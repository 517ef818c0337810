#pragma once

#include "http/router.h"

namespace shop {

class AuthGuard;
class CatalogService;

// /api/v1/categories: public reads, manager-only writes.
class CategoryController
{
public:
    CategoryController(CatalogService &service, const AuthGuard &guard);
    CategoryController(const CategoryController &) = delete;
    CategoryController &operator=(const CategoryController &) = delete;

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
