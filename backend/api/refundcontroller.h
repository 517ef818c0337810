#pragma once

#include "apiroutes.h"

namespace shop {

class RefundService;

// /api/v1/refunds, managers only: the list (?status=FAILED shows what needs
// attention) and the retry of a FAILED refund.
class RefundController
{
public:
    explicit RefundController(RefundService &service);
    Q_DISABLE_COPY_MOVE(RefundController)

    void registerRoutes(ApiRoutes &routes);

private:
    Result<HttpResponse> listAction(const ApiCall &call);
    Result<HttpResponse> retryAction(const ApiCall &call);

    RefundService &m_service;
};

} // namespace shop
