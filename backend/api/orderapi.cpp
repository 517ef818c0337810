#include "orderapi.h"

#include "apiroutes.h"
#include "core/settings.h"

namespace shop {

OrderApi::OrderApi(Database &database, Metrics &metrics, const Clock &clock, const Settings &settings)
    : m_tokens(settings.jwtSecret, settings.jwtIssuer, clock, std::chrono::seconds(settings.jwtClockSkewSeconds),
               settings.jwtPreviousSecrets)
    , m_guard(m_tokens, database)
    , m_anonymousLookups(clock, {settings.orderLookupsPerSecond, 2 * settings.orderLookupsPerSecond})
    , m_apiDocsController(ApiDocsController::orderDocument)
    , m_orderService(database, metrics, clock)
    , m_orderController(m_orderService, m_anonymousLookups)
    , m_refundService(database, clock)
    , m_refundController(m_refundService)
{
}

OrderApi::~OrderApi() = default;

void OrderApi::registerRoutes(Router &router)
{
    m_apiDocsController.registerRoutes(router);
    m_swaggerUiController.registerRoutes(router);
    ApiRoutes routes(router, m_guard);
    m_orderController.registerRoutes(routes);
    m_refundController.registerRoutes(routes);
}

} // namespace shop
