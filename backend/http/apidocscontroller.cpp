#include "apidocscontroller.h"

#include <QFile>

namespace shop {

ApiDocsController::ApiDocsController()
    : m_document(document())
{
}

QByteArray ApiDocsController::document()
{
    QFile file(QStringLiteral(":/docs/api/openapi.yaml"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void ApiDocsController::registerRoutes(Router &router)
{
    router.add({"GET", QStringLiteral("/v3/api-docs"), Execution::Inline, [this](const HttpRequest &) {
                    // The document is JSON (and so also YAML), as clients of /v3/api-docs expect.
                    HttpResponse response;
                    response.contentType = QByteArrayLiteral("application/json");
                    response.body = m_document;
                    return response;
                }});
}

} // namespace shop
