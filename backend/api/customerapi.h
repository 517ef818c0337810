#pragma once

#include "auth/accesstokens.h"
#include "auth/authservice.h"
#include "apidocscontroller.h"
#include "swaggeruicontroller.h"
#include "authcontroller.h"
#include "authguard.h"
#include "cart/cartservice.h"
#include "cartcontroller.h"
#include "checkout/checkoutservice.h"
#include "checkoutcontroller.h"
#include "catalog/catalogservice.h"
#include "catalogcontroller.h"

namespace shop {

class AsyncDatabase;
class Clock;
class Database;
class Metrics;
class PeriodicJobs;
class Router;
struct Settings;

// The customer REST API of docs/api/rest.md (port 8080): its services
// and controllers, wired once, served by `serve` and by `gui` unless --no-api.
class CustomerApi
{
public:
    // With asyncReads (serve), the product and product-page reads run on
    // the HTTP I/O threads with its non-blocking sessions; without (gui),
    // on the worker pool like every other route.
    CustomerApi(Database &database, Metrics &metrics, const Clock &clock, const Settings &settings,
                AsyncDatabase *asyncReads = nullptr);
    ~CustomerApi();
    CustomerApi(const CustomerApi &) = delete;
    CustomerApi &operator=(const CustomerApi &) = delete;

    void registerRoutes(Router &router);
    // Housekeeping the API needs (expired carts, old idempotency records).
    void addJobs(PeriodicJobs &jobs);

    const AccessTokens &tokens() const { return m_tokens; }
    // The same catalog rules for an in-process front end (gui) as for REST.
    CatalogService &catalog() { return m_catalogService; }

private:
    AccessTokens m_tokens;
    AuthGuard m_guard;
    AuthService m_authService;
    AuthController m_authController;
    ApiDocsController m_apiDocsController;
    SwaggerUiController m_swaggerUiController;
    CatalogService m_catalogService;
    CatalogController m_catalogController;
    CartService m_cartService;
    CartController m_cartController;
    CheckoutService m_checkoutService;
    CheckoutController m_checkoutController;
};

} // namespace shop
