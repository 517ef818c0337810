#include "orderapi.h"

#include "core/settings.h"
#include "http/router.h"

namespace shop {

OrderApi::OrderApi(Database &database, Metrics &metrics, const Clock &clock, const Settings &settings)
    : m_tokens(settings.jwtSecret, settings.jwtIssuer, clock)
    , m_guard(m_tokens)
    , m_apiDocsController(ApiDocsController::orderDocument)
    , m_orderService(database, metrics, clock)
    , m_orderController(m_orderService, m_guard)
{
}

OrderApi::~OrderApi() = default;

void OrderApi::registerRoutes(Router &router)
{
    m_apiDocsController.registerRoutes(router);
    m_orderController.registerRoutes(router);
}

} // namespace shop
