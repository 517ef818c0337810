#pragma once

#include "apiroutes.h"

namespace shop {

class AddressRateLimiter;
class OrderService;

// /api/v1/orders: the lookup of one order by its number, and the manager's
// list, cancel and fulfill. The lookup answers a manager, or a caller who
// gives the order's e-mail, the whole order; anyone else only its public
// summary (orderjson::toPublicJson), at the pace the limiter allows per address.
class OrderController
{
public:
    OrderController(OrderService &service, AddressRateLimiter &anonymousLookups);
    Q_DISABLE_COPY_MOVE(OrderController)

    void registerRoutes(ApiRoutes &routes);

private:
    Result<HttpResponse> getAction(const ApiCall &call);
    Result<HttpResponse> listAction(const ApiCall &call);
    Result<HttpResponse> cancelAction(const ApiCall &call);
    Result<HttpResponse> fulfillAction(const ApiCall &call);

    OrderService &m_service;
    AddressRateLimiter &m_anonymousLookups;
};

} // namespace shop
