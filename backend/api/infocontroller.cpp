#include "infocontroller.h"

#include <QJsonDocument>

namespace shop {

InfoController::InfoController(BuildInfo build, QString mode)
    : m_info{
          {QStringLiteral("app"), QJsonObject{{QStringLiteral("name"), QStringLiteral("shop")},
                                              {QStringLiteral("mode"), mode}}},
          {QStringLiteral("build"), QJsonObject{{QStringLiteral("name"), QStringLiteral("shop")},
                                                {QStringLiteral("version"), build.version},
                                                {QStringLiteral("time"), build.time}}},
          {QStringLiteral("git"), QJsonObject{{QStringLiteral("commit"),
                                               QJsonObject{{QStringLiteral("id"), build.gitCommit}}}}},
      }
{
}

void InfoController::registerRoutes(Router &router)
{
    router.add({"GET", QStringLiteral("/actuator/info"), Execution::Inline,
                [this](const HttpRequest &) { return HttpResponse::json(200, QJsonDocument(m_info)); }});
}

} // namespace shop
