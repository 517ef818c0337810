#pragma once

#include "apiroutes.h"

namespace shop {

class CartService;

// /api/v1/carts/{sessionId} and its items: anonymous carts, no auth.
class CartController
{
public:
    explicit CartController(CartService &service);
    Q_DISABLE_COPY_MOVE(CartController)

    void registerRoutes(ApiRoutes &routes);

private:
    Result<HttpResponse> getCartAction(const ApiCall &call);
    Result<HttpResponse> deleteCartAction(const ApiCall &call);
    Result<HttpResponse> addItemAction(const ApiCall &call);
    Result<HttpResponse> updateItemAction(const ApiCall &call);
    Result<HttpResponse> removeItemAction(const ApiCall &call);

    CartService &m_service;
};

} // namespace shop
