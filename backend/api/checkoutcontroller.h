#pragma once

#include "apiroutes.h"

namespace shop {

class CheckoutService;

// POST /api/v1/checkout with its required Idempotency-Key header; a refusal
// for changed prices is a 409 "prices-changed" problem listing changedLines.
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
