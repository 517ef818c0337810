#pragma once

#include "http/router.h"

#include <QJsonObject>

namespace shop {

// What was built: the executable hands it in (app/ bakes it in at configure
// time), so the API needs no generated files and tests can pass their own.
struct BuildInfo
{
    QString version;
    QString time;      // ISO-8601 UTC
    QString gitCommit; // abbreviated hash, or "unknown" (built from a tarball)
};

// GET /actuator/info in Spring Boot Actuator's shape: which build runs, and
// in which mode (serve, daemon, gui, pos).
class InfoController
{
public:
    InfoController(BuildInfo build, QString mode);

    void registerRoutes(Router &router);

private:
    QJsonObject m_info;
};

} // namespace shop
