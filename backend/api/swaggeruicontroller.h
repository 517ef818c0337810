#pragma once

#include "http/router.h"

#include <QHash>

namespace shop {

// GET /swagger-ui.html: Swagger UI showing this port's /v3/api-docs, with
// the assets of the npm package swagger-ui-dist embedded at build time under
// /swagger-ui/. A build made without them serves a page that says how to get
// them (backend/CMakeLists.txt fetches them).
class SwaggerUiController
{
public:
    SwaggerUiController();

    void registerRoutes(Router &router);

    bool hasAssets() const { return !m_assets.isEmpty(); }

private:
    struct Asset
    {
        QByteArray contentType;
        QByteArray body;
    };

    HttpResponse asset(const HttpRequest &request) const;

    QByteArray m_page;
    QHash<QString, Asset> m_assets; // by file name; read once, a fixed set
};

} // namespace shop
