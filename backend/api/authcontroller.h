#pragma once

#include "apiroutes.h"
#include "loginthrottle.h"

namespace shop {

class AuthService;

// POST /api/v1/auth/login, with failed-attempt throttling.
class AuthController
{
public:
    AuthController(AuthService &service, const Clock &clock, int maxThrottleEntries);
    Q_DISABLE_COPY_MOVE(AuthController)

    void registerRoutes(ApiRoutes &routes);

private:
    Result<HttpResponse> loginAction(const ApiCall &call);

    AuthService &m_service;
    LoginThrottle m_throttle;
};

} // namespace shop
