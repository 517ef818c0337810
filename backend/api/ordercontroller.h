#pragma once

#include "http/router.h"

namespace shop {

class AuthGuard;
class OrderService;

// /api/v1/orders: the public lookup of one order by its number, and the
// manager's list, cancel and fulfill.
class OrderController
{
public:
    OrderController(OrderService &service, const AuthGuard &guard);
    OrderController(const OrderController &) = delete;
    OrderController &operator=(const OrderController &) = delete;

    void registerRoutes(Router &router);

private:
    HttpResponse getAction(const HttpRequest &request);
    HttpResponse listAction(const HttpRequest &request);
    HttpResponse cancelAction(const HttpRequest &request);
    HttpResponse fulfillAction(const HttpRequest &request);

    OrderService &m_service;
    const AuthGuard &m_guard;
};

} // namespace shop
