#include "apidocscontroller.h"

#include <QFile>

namespace shop {

const QString ApiDocsController::customerDocument = QStringLiteral(":/docs/api/openapi.yaml");
const QString ApiDocsController::orderDocument = QStringLiteral(":/docs/api/openapi-orders.yaml");

ApiDocsController::ApiDocsController(const QString &resourcePath)
    : m_document(document(resourcePath))
{
}

QByteArray ApiDocsController::document(const QString &resourcePath)
{
    QFile file(resourcePath);
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
