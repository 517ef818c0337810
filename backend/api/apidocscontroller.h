#pragma once

#include "http/router.h"

namespace shop {

// GET /v3/api-docs: the OpenAPI document of the API a port serves, embedded
// in the binary: the customer API (docs/api/openapi.yaml) on serve's port,
// the order API (docs/api/openapi-orders.yaml) on the daemon's.
class ApiDocsController
{
public:
    static const QString customerDocument; // Qt resource paths
    static const QString orderDocument;

    explicit ApiDocsController(const QString &resourcePath);

    void registerRoutes(Router &router);

    // The document's bytes; empty when the resource does not exist.
    static QByteArray document(const QString &resourcePath);

private:
    QByteArray m_document;
};

} // namespace shop
