#include "http/router.h"

#include <QtTest>

using namespace shop;

class RouterTest : public QObject
{
    Q_OBJECT

private:
    static Router sampleRouter()
    {
        Router router;
        auto ok = [](const HttpRequest &) { return HttpResponse::noContent(); };
        router.add({"GET", QStringLiteral("/api/v1/products"), Execution::Worker, ok});
        router.add({"GET", QStringLiteral("/api/v1/products/{id}"), Execution::Worker, ok});
        router.add({"PUT", QStringLiteral("/api/v1/products/{id}"), Execution::Worker, ok});
        router.add({"DELETE", QStringLiteral("/api/v1/carts/{sessionId}/items/{cartItemId}"), Execution::Worker, ok});
        return router;
    }

private Q_SLOTS:
    void matchesTemplatesAndCapturesParameters()
    {
        const Router router = sampleRouter();
        const RouteMatch match = router.match("DELETE", QStringLiteral("/api/v1/carts/s-1/items/42"));
        QVERIFY(match.route);
        QCOMPARE(match.route->pathTemplate, QStringLiteral("/api/v1/carts/{sessionId}/items/{cartItemId}"));
        QCOMPARE(match.pathParameters.value(QStringLiteral("sessionId")), QStringLiteral("s-1"));
        QCOMPARE(match.pathParameters.value(QStringLiteral("cartItemId")), QStringLiteral("42"));
    }

    void parametersArePercentDecodedWithinOneSegment()
    {
        const RouteMatch match = sampleRouter().match("GET", QStringLiteral("/api/v1/products/a%2Fb"));
        QVERIFY(match.route);
        QCOMPARE(match.pathParameters.value(QStringLiteral("id")), QStringLiteral("a/b"));
    }

    void knownPathWithOtherMethodListsAllowedMethods()
    {
        const RouteMatch match = sampleRouter().match("POST", QStringLiteral("/api/v1/products/1"));
        QVERIFY(!match.route);
        QCOMPARE(match.allowedMethods, (QList<QByteArray>{"GET", "PUT"}));
    }

    void unknownPathMatchesNothing()
    {
        const RouteMatch match = sampleRouter().match("GET", QStringLiteral("/api/v1/products/1/extra"));
        QVERIFY(!match.route);
        QVERIFY(match.allowedMethods.isEmpty());
    }
};

QTEST_GUILESS_MAIN(RouterTest)
#include "tst_router.moc"
