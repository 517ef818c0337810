#include "core/clock.h"
#include "core/metrics.h"
#include "core/settings.h"
#include "db/database.h"
#include "events/kafkaprobe.h"
#include "http/apidocscontroller.h"
#include "http/customerapi.h"
#include "http/operationscontroller.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QtTest>

using namespace shop;

// docs/api/openapi.yaml must describe exactly the routes `shop serve` registers.
class ApiDocsTest : public QObject
{
    Q_OBJECT

private:
    static QSet<QString> servedRoutes()
    {
        Database database(*DatabaseUrl::parse(QStringLiteral("postgresql://u:p@127.0.0.1:1/none"))); // never connects
        Metrics metrics;
        SystemClock clock;
        Settings settings;
        settings.jwtSecret = QByteArray(32, 'x');
        settings.jwtIssuer = QStringLiteral("shop");
        KafkaProbe kafka(QStringLiteral("127.0.0.1:1"));
        std::atomic<bool> migrated{true};
        Router router;
        CustomerApi api(database, metrics, clock, settings);
        api.registerRoutes(router);
        OperationsController(database, kafka, metrics, migrated).registerRoutes(router);
        QSet<QString> routes;
        for (const Route &route : router.routes())
            routes.insert(QString::fromLatin1(route.method) + u' ' + route.pathTemplate);
        return routes;
    }

    static QSet<QString> documentedRoutes()
    {
        const QJsonObject paths = QJsonDocument::fromJson(ApiDocsController::document(ApiDocsController::customerDocument)).object().value(QStringLiteral("paths")).toObject();
        QSet<QString> routes;
        for (auto path = paths.begin(); path != paths.end(); ++path) {
            const QJsonObject operations = path.value().toObject();
            for (const QString &method : {QStringLiteral("get"), QStringLiteral("post"), QStringLiteral("put"), QStringLiteral("delete")}) {
                if (operations.contains(method))
                    routes.insert(method.toUpper() + u' ' + path.key());
            }
        }
        return routes;
    }

private Q_SLOTS:
    void theDocumentIsEmbeddedAndValidJson()
    {
        const QJsonDocument document = QJsonDocument::fromJson(ApiDocsController::document(ApiDocsController::customerDocument));
        QVERIFY(document.isObject());
        QCOMPARE(document.object().value(QStringLiteral("openapi")).toString().left(2), QStringLiteral("3."));
    }

    void everyServedRouteIsDocumentedAndViceVersa()
    {
        const QSet<QString> served = servedRoutes();
        const QSet<QString> documented = documentedRoutes();
        const QSet<QString> undocumented = served - documented;
        const QSet<QString> notServed = documented - served;
        QVERIFY2(undocumented.isEmpty(), qPrintable(QStringLiteral("not in openapi.yaml: ") + QStringList(undocumented.values()).join(u", ")));
        QVERIFY2(notServed.isEmpty(), qPrintable(QStringLiteral("documented but not served: ") + QStringList(notServed.values()).join(u", ")));
    }
};

QTEST_GUILESS_MAIN(ApiDocsTest)
#include "tst_apidocs.moc"
