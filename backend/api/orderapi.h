#pragma once

#include "addressratelimiter.h"
#include "apidocscontroller.h"
#include "swaggeruicontroller.h"
#include "auth/accesstokens.h"
#include "authguard.h"
#include "ordercontroller.h"
#include "orders/orderservice.h"
#include "orders/refundservice.h"
#include "refundcontroller.h"

namespace shop {

class Clock;
class Database;
class Metrics;
class Router;
struct Settings;

// The order REST API of docs/api/rest.md (port 8081) and its OpenAPI
// document, served by `daemon`. Verifies the tokens `serve` issues (same
// secret and issuer) but issues none itself.
class OrderApi
{
public:
    OrderApi(Database &database, Metrics &metrics, const Clock &clock, const Settings &settings);
    ~OrderApi();
    OrderApi(const OrderApi &) = delete;
    OrderApi &operator=(const OrderApi &) = delete;

    void registerRoutes(Router &router);

    // The same order rules for an in-process front end (gui) as for REST.
    OrderService &orders() { return m_orderService; }
    RefundService &refunds() { return m_refundService; }
    const AccessTokens &tokens() const { return m_tokens; }

private:
    AccessTokens m_tokens;
    AuthGuard m_guard;
    AddressRateLimiter m_anonymousLookups;
    ApiDocsController m_apiDocsController;
    SwaggerUiController m_swaggerUiController;
    OrderService m_orderService;
    OrderController m_orderController;
    RefundService m_refundService;
    RefundController m_refundController;
};

} // namespace shop
