#pragma once

#include "loginthrottle.h"
#include "http/router.h"

namespace shop {

class AuthService;

// POST /api/v1/auth/login, with failed-attempt throttling.
class AuthController
{
public:
    AuthController(AuthService &service, const Clock &clock);

    void registerRoutes(Router &router);

private:
    HttpResponse loginAction(const HttpRequest &request);

    AuthService &m_service;
    LoginThrottle m_throttle;
};

} // namespace shop
