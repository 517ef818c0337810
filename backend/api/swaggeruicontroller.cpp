#include "swaggeruicontroller.h"

#include "problem.h"

#include <QFile>

namespace shop {

namespace {

QByteArray resource(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

SwaggerUiController::SwaggerUiController()
{
    const std::pair<const char *, QByteArray> files[] = {
        {"swagger-ui.css", QByteArrayLiteral("text/css; charset=utf-8")},
        {"swagger-ui-bundle.js", QByteArrayLiteral("text/javascript; charset=utf-8")},
        {"LICENSE", QByteArrayLiteral("text/plain; charset=utf-8")},
        {"NOTICE", QByteArrayLiteral("text/plain; charset=utf-8")},
    };
    for (const auto &[name, contentType] : files) {
        const QString fileName = QLatin1String(name);
        QByteArray body = resource(QStringLiteral(":/swagger-ui/") + fileName);
        if (body.isEmpty()) {
            m_assets.clear(); // all or nothing: half of Swagger UI shows nothing either
            break;
        }
        m_assets.insert(fileName, {contentType, std::move(body)});
    }
    m_page = resource(hasAssets() ? QStringLiteral(":/swagger-ui/index.html") : QStringLiteral(":/swagger-ui/missing.html"));
}

void SwaggerUiController::registerRoutes(Router &router)
{
    router.add({"GET", QStringLiteral("/swagger-ui.html"), Execution::Inline, [this](const HttpRequest &) {
                    HttpResponse response;
                    response.contentType = QByteArrayLiteral("text/html; charset=utf-8");
                    response.body = m_page;
                    return response;
                }});
    router.add({"GET", QStringLiteral("/swagger-ui/{file}"), Execution::Inline,
                [this](const HttpRequest &request) { return asset(request); }});
}

HttpResponse SwaggerUiController::asset(const HttpRequest &request) const
{
    const auto found = m_assets.constFind(request.pathParameters.value(QStringLiteral("file")));
    if (found == m_assets.constEnd())
        return Problem::notFound(QStringLiteral("no such Swagger UI file")).toResponse(request);
    HttpResponse response;
    response.contentType = found->contentType;
    response.body = found->body;
    // The assets change only with the binary.
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("public, max-age=86400"));
    return response;
}

} // namespace shop
