#pragma once

#include "apiroutes.h"

namespace shop {

class OrderService;

// /api/v1/orders: the public lookup of one order by its number, and the
// manager's list, cancel and fulfill.
class OrderController
{
public:
    explicit OrderController(OrderService &service);
    Q_DISABLE_COPY_MOVE(OrderController)

    void registerRoutes(ApiRoutes &routes);

private:
    Result<HttpResponse> getAction(const ApiCall &call);
    Result<HttpResponse> listAction(const ApiCall &call);
    Result<HttpResponse> cancelAction(const ApiCall &call);
    Result<HttpResponse> fulfillAction(const ApiCall &call);

    OrderService &m_service;
};

} // namespace shop
