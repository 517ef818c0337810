#pragma once

#include "http/router.h"

namespace shop {

class CartService;

// /api/v1/carts/{sessionId} and its items: anonymous carts, no auth.
class CartController
{
public:
    explicit CartController(CartService &service);

    void registerRoutes(Router &router);

private:
    HttpResponse getCartAction(const HttpRequest &request);
    HttpResponse deleteCartAction(const HttpRequest &request);
    HttpResponse addItemAction(const HttpRequest &request);
    HttpResponse updateItemAction(const HttpRequest &request);
    HttpResponse removeItemAction(const HttpRequest &request);

    CartService &m_service;
};

} // namespace shop
