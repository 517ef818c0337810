#include "customerapi.h"

#include "apiroutes.h"
#include "core/periodicjobs.h"
#include "core/settings.h"

namespace shop {

CustomerApi::CustomerApi(Database &database, Metrics &metrics, const Clock &clock, const Settings &settings,
                         AsyncDatabase *asyncReads)
    : m_tokens(settings.jwtSecret, settings.jwtIssuer, clock, std::chrono::seconds(settings.jwtClockSkewSeconds),
               settings.jwtPreviousSecrets)
    , m_guard(m_tokens, database)
    , m_authService(database, m_tokens, HashingLimits{settings.loginHashThreads, settings.loginMaxWaitingHashes})
    , m_authController(m_authService, clock, settings.loginThrottleMaxEntries)
    , m_apiDocsController(ApiDocsController::customerDocument)
    , m_catalogService(database, clock, settings.stockReorderLevel)
    , m_catalogController(m_catalogService, metrics)
    , m_cartService(database, metrics, clock)
    , m_cartController(m_cartService)
    , m_checkoutService(database, metrics, clock, settings.stockReorderLevel)
    , m_checkoutController(m_checkoutService)
{
    if (asyncReads)
        m_catalogService.enableAsyncReads(*asyncReads);
}

CustomerApi::~CustomerApi() = default;

void CustomerApi::registerRoutes(Router &router)
{
    ApiRoutes routes(router, m_guard);
    m_authController.registerRoutes(routes);
    m_apiDocsController.registerRoutes(router);
    m_swaggerUiController.registerRoutes(router);
    m_catalogController.registerRoutes(routes);
    m_cartController.registerRoutes(routes);
    m_checkoutController.registerRoutes(routes);
}

void CustomerApi::addJobs(PeriodicJobs &jobs)
{
    // Expired carts already answer 404; the purge only reclaims their rows
    // and refreshes the active_carts gauge, so once a minute is plenty.
    jobs.add(QStringLiteral("purge-expired-carts"), std::chrono::minutes(1), [this] { m_cartService.purgeExpired(); });
    jobs.add(QStringLiteral("purge-expired-idempotency-keys"), std::chrono::minutes(10),
             [this] { m_checkoutService.purgeExpiredKeys(); });
}

} // namespace shop
