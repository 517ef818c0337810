#include "customerapi.h"

#include "core/periodicjobs.h"
#include "core/settings.h"
#include "router.h"

namespace shop {

CustomerApi::CustomerApi(Database &database, Metrics &, const Clock &clock, const Settings &settings)
    : m_tokens(settings.jwtSecret, settings.jwtIssuer, clock)
    , m_guard(m_tokens)
    , m_authService(database, m_tokens)
    , m_authController(m_authService, clock)
{
}

CustomerApi::~CustomerApi() = default;

void CustomerApi::registerRoutes(Router &router)
{
    m_authController.registerRoutes(router);
}

void CustomerApi::addJobs(PeriodicJobs &)
{
}

} // namespace shop
