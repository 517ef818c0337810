#pragma once

#include "router.h"

namespace shop {

// GET /v3/api-docs: the OpenAPI document of the customer API
// (docs/api/openapi.yaml, embedded in the binary).
class ApiDocsController
{
public:
    ApiDocsController();

    void registerRoutes(Router &router);

    static QByteArray document();

private:
    QByteArray m_document;
};

} // namespace shop
