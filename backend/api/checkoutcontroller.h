#pragma once

#include "http/router.h"

namespace shop {

class CheckoutService;

// POST /api/v1/checkout with its required Idempotency-Key header.
class CheckoutController
{
public:
    explicit CheckoutController(CheckoutService &service);

    void registerRoutes(Router &router);

private:
    HttpResponse checkoutAction(const HttpRequest &request);

    CheckoutService &m_service;
};

} // namespace shop
