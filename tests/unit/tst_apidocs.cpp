#include "core/clock.h"
#include "core/metrics.h"
#include "core/settings.h"
#include "db/database.h"
#include "messaging/kafkaprobe.h"
#include "api/apidocscontroller.h"
#include "api/customerapi.h"
#include "api/operationscontroller.h"
#include "api/orderapi.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QtTest>

#include <functional>

using namespace shop;

// Each OpenAPI document must describe exactly the routes its mode serves:
// docs/api/openapi.yaml those of `shop serve` (customer API),
// docs/api/openapi-orders.yaml those of `shop daemon` (order API).
class ApiDocsTest : public QObject
{
    Q_OBJECT

private:
    // The routes a mode registers: its API's plus the operations endpoints.
    template<typename Api>
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
        Api api(database, metrics, clock, settings);
        api.registerRoutes(router);
        OperationsController(database, kafka, metrics, migrated, BuildInfo{}, QString()).registerRoutes(router);
        QSet<QString> routes;
        for (const Route &route : router.routes())
            routes.insert(QString::fromLatin1(route.method) + u' ' + route.pathTemplate);
        return routes;
    }

    static QSet<QString> documentedRoutes(const QString &document)
    {
        const QJsonObject paths = QJsonDocument::fromJson(ApiDocsController::document(document)).object().value(QStringLiteral("paths")).toObject();
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

    static void compare(const QSet<QString> &served, const QSet<QString> &documented, const QString &document)
    {
        const QSet<QString> undocumented = served - documented;
        const QSet<QString> notServed = documented - served;
        QVERIFY2(undocumented.isEmpty(), qPrintable(QStringLiteral("not in %1: ").arg(document) + QStringList(undocumented.values()).join(u", ")));
        QVERIFY2(notServed.isEmpty(), qPrintable(QStringLiteral("documented in %1 but not served: ").arg(document) + QStringList(notServed.values()).join(u", ")));
    }

private Q_SLOTS:
    void theDocumentsAreEmbeddedAndValidJson_data()
    {
        QTest::addColumn<QString>("document");
        QTest::newRow("customer") << ApiDocsController::customerDocument;
        QTest::newRow("orders") << ApiDocsController::orderDocument;
    }

    void theDocumentsAreEmbeddedAndValidJson()
    {
        QFETCH(QString, document);
        const QJsonDocument json = QJsonDocument::fromJson(ApiDocsController::document(document));
        QVERIFY(json.isObject());
        QCOMPARE(json.object().value(QStringLiteral("openapi")).toString().left(2), QStringLiteral("3."));
    }

    void everyCustomerRouteIsDocumentedAndViceVersa()
    {
        compare(servedRoutes<CustomerApi>(), documentedRoutes(ApiDocsController::customerDocument), QStringLiteral("openapi.yaml"));
    }

    void everyOrderRouteIsDocumentedAndViceVersa()
    {
        compare(servedRoutes<OrderApi>(), documentedRoutes(ApiDocsController::orderDocument), QStringLiteral("openapi-orders.yaml"));
    }

    // Every $ref points at a schema the document defines.
    void everySchemaReferenceResolves_data()
    {
        theDocumentsAreEmbeddedAndValidJson_data();
    }

    void everySchemaReferenceResolves()
    {
        QFETCH(QString, document);
        const QByteArray text = ApiDocsController::document(document);
        const QJsonObject schemas = QJsonDocument::fromJson(text).object().value(QStringLiteral("components")).toObject().value(QStringLiteral("schemas")).toObject();
        const QByteArray prefix = "\"$ref\": \"#/components/schemas/";
        for (qsizetype at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
            const qsizetype start = at + prefix.size();
            const QString name = QString::fromUtf8(text.mid(start, text.indexOf('"', start) - start));
            QVERIFY2(schemas.contains(name), qPrintable(name));
        }
    }
};

QTEST_GUILESS_MAIN(ApiDocsTest)
#include "tst_apidocs.moc"
