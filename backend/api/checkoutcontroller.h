#pragma once

#include "apiroutes.h"

namespace shop {

class CheckoutService;

// POST /api/v1/checkout with its required Idempotency-Key header.
class CheckoutController
{
public:
    explicit CheckoutController(CheckoutService &service);
    Q_DISABLE_COPY_MOVE(CheckoutController)

    void registerRoutes(ApiRoutes &routes);

private:
    Result<HttpResponse> checkoutAction(const ApiCall &call);

    CheckoutService &m_service;
};

} // namespace shop
