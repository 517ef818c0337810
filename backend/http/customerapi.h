#pragma once

#include "auth/accesstokens.h"
#include "auth/authservice.h"
#include "authcontroller.h"
#include "authguard.h"

namespace shop {

class Clock;
class Database;
class Metrics;
class PeriodicJobs;
class Router;
struct Settings;

// The customer REST API of ../shared/contract.md (port 8080): its services
// and controllers, wired once, served by `serve` and by `gui` unless --no-api.
class CustomerApi
{
public:
    CustomerApi(Database &database, Metrics &metrics, const Clock &clock, const Settings &settings);
    ~CustomerApi();
    CustomerApi(const CustomerApi &) = delete;
    CustomerApi &operator=(const CustomerApi &) = delete;

    void registerRoutes(Router &router);
    // Housekeeping the API needs (expired carts, old idempotency records).
    void addJobs(PeriodicJobs &jobs);

    const AccessTokens &tokens() const { return m_tokens; }

private:
    AccessTokens m_tokens;
    AuthGuard m_guard;
    AuthService m_authService;
    AuthController m_authController;
};

} // namespace shop
