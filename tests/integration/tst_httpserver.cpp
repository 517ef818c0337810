#include "core/metrics.h"
#include "db/database.h"
#include "http/httpserver.h"
#include "api/problem.h"
#include "testdatabase.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QtTest>

using namespace shop;

// The HTTP layer against the real PostgreSQL: a request stuck in a slow
// query must not hold up others, clients may vanish mid-request, and a
// stop lets requests in flight finish.
class HttpServerTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Database> m_database;
    Metrics m_metrics;
    std::unique_ptr<HttpServer> m_server;
    QNetworkAccessManager m_network;

    HttpResponse queryResponse(const QString &sql)
    {
        const QSqlError error = m_database->run(
            [&sql](QSqlDatabase &db) {
                QSqlQuery query(db);
                query.exec(sql);
                return query.lastError();
            },
            Database::Retry::OnceIfConnectionLost);
        if (error.isValid())
            return HttpResponse::json(500, QJsonDocument(QJsonObject{{QStringLiteral("error"), error.text()}}));
        return HttpResponse::json(200, QJsonDocument(QJsonObject{{QStringLiteral("done"), true}}));
    }

    void startServer()
    {
        Router router;
        router.add({"GET", QStringLiteral("/slow"), Execution::Worker,
                    [this](const HttpRequest &) { return queryResponse(QStringLiteral("SELECT pg_sleep(2)")); }});
        router.add({"GET", QStringLiteral("/fast"), Execution::Worker,
                    [this](const HttpRequest &) { return queryResponse(QStringLiteral("SELECT 1")); }});
        router.add({"POST", QStringLiteral("/echo"), Execution::Inline, [](const HttpRequest &request) {
                        HttpResponse response;
                        response.body = request.body;
                        return response;
                    }});
        m_server = std::make_unique<HttpServer>(router, m_metrics, HttpServerOptions{2, 4, {}});
        QString error;
        QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    }

    QNetworkReply *get(const QString &path, const QByteArray &correlationId = {})
    {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path)));
        if (!correlationId.isEmpty())
            request.setRawHeader("X-Correlation-ID", correlationId);
        return m_network.get(request);
    }

    static int status(QNetworkReply *reply)
    {
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

private Q_SLOTS:
    void init()
    {
        const auto url = testsupport::testDatabaseUrl();
        QVERIFY2(url, "SHOP_TEST_DATABASE_URL is not set: run through tests/run");
        m_database = std::make_unique<Database>(*url);
        startServer();
    }

    void cleanup()
    {
        m_server.reset();
        m_database.reset();
    }

    void aSlowQueryDoesNotDelayOtherRequests()
    {
        QNetworkReply *slow = get(QStringLiteral("/slow"));
        QTest::qWait(100); // the slow request is on a worker now
        QNetworkReply *fast = get(QStringLiteral("/fast"));

        QTRY_VERIFY_WITH_TIMEOUT(fast->isFinished(), 10000);
        QCOMPARE(status(fast), 200);
        QVERIFY2(!slow->isFinished(), "the fast request had to wait for the slow one");
        QTRY_VERIFY_WITH_TIMEOUT(slow->isFinished(), 10000);
        QCOMPARE(status(slow), 200);
    }

    void aClientVanishingMidRequestLeavesTheServerServing()
    {
        for (int i = 0; i < 20; ++i) {
            QTcpSocket client;
            client.connectToHost(QHostAddress::LocalHost, m_server->port());
            QVERIFY(client.waitForConnected(2000));
            client.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            QVERIFY(client.waitForBytesWritten(2000));
            client.abort();
        }
        QNetworkReply *fast = get(QStringLiteral("/fast"));
        QTRY_VERIFY_WITH_TIMEOUT(fast->isFinished(), 10000);
        QCOMPARE(status(fast), 200);
        QTest::qWait(2500); // the abandoned requests complete into closed connections
        QNetworkReply *after = get(QStringLiteral("/fast"));
        QTRY_VERIFY_WITH_TIMEOUT(after->isFinished(), 10000);
        QCOMPARE(status(after), 200);
    }

    void stopLetsRequestsInFlightFinish()
    {
        QNetworkReply *slow = get(QStringLiteral("/slow"));
        QTest::qWait(200);

        m_server->stop(std::chrono::seconds(10));

        QTRY_VERIFY_WITH_TIMEOUT(slow->isFinished(), 10000);
        QCOMPARE(status(slow), 200);
        QCOMPARE(slow->readAll(), QByteArray(R"({"done":true})"));
    }

    void correlationIdIsEchoedOrGenerated()
    {
        QNetworkReply *given = get(QStringLiteral("/fast"), "order-42");
        QNetworkReply *generated = get(QStringLiteral("/fast"));
        QTRY_VERIFY(given->isFinished() && generated->isFinished());
        QCOMPARE(given->rawHeader("X-Correlation-ID"), QByteArray("order-42"));
        QVERIFY(!QUuid::fromString(QString::fromLatin1(generated->rawHeader("X-Correlation-ID"))).isNull());
    }

    void unknownPathsAndMethodsGetProblemDetails()
    {
        QNetworkReply *missing = get(QStringLiteral("/nowhere"));
        QNetworkReply *wrongMethod = m_network.deleteResource(
            QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/fast").arg(m_server->port()))));
        QTRY_VERIFY(missing->isFinished() && wrongMethod->isFinished());

        QCOMPARE(status(missing), 404);
        QCOMPARE(missing->header(QNetworkRequest::ContentTypeHeader).toString(), QStringLiteral("application/problem+json"));
        const QJsonObject problem = QJsonDocument::fromJson(missing->readAll()).object();
        QCOMPARE(problem.value(QStringLiteral("status")).toInt(), 404);
        QCOMPARE(problem.value(QStringLiteral("instance")).toString(), QStringLiteral("/nowhere"));
        QVERIFY(!problem.value(QStringLiteral("correlationId")).toString().isEmpty());
        QCOMPARE(status(wrongMethod), 405);
        QCOMPARE(wrongMethod->rawHeader("Allow"), QByteArray("GET"));
    }

    void anOversizedBodyIsRefusedWith413()
    {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/echo").arg(m_server->port())));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *tooBig = m_network.post(request, QByteArray(1024 * 1024 + 1, 'x'));
        QNetworkReply *fits = m_network.post(request, QByteArray(1024, 'y'));
        QTRY_VERIFY_WITH_TIMEOUT(tooBig->isFinished() && fits->isFinished(), 10000);
        QCOMPARE(status(tooBig), 413);
        QCOMPARE(status(fits), 200);
        QCOMPARE(fits->readAll(), QByteArray(1024, 'y'));
    }
};

QTEST_GUILESS_MAIN(HttpServerTest)
#include "tst_httpserver.moc"
