#include "core/metrics.h"
#include "http/httpserver.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtTest>

using namespace shop;

// Execution::Async routes get what every route gets from HttpServer: the
// correlation id, the request histogram under the route's template, a 500
// for a handler that throws; and exactly one answer, given later from the
// I/O thread's event loop, or a 500 when the handler drops its AsyncReply.
class AsyncRoutesTest : public QObject
{
    Q_OBJECT

private:
    Metrics m_metrics;
    std::unique_ptr<HttpServer> m_server;
    QNetworkAccessManager m_network;

    struct Reply
    {
        int status = 0;
        QByteArray body;
        QByteArray correlationId;
    };

    Reply get(const QString &path, const QByteArray &correlationId = {})
    {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path)));
        if (!correlationId.isEmpty())
            request.setRawHeader("X-Correlation-ID", correlationId);
        QNetworkReply *reply = m_network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        [&] { QVERIFY(finished.wait(10000)); }();
        Reply result{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
                     reply->rawHeader("X-Correlation-ID")};
        reply->deleteLater();
        return result;
    }

    QByteArray scrapeLine(const QByteArray &route, int status)
    {
        const QByteArray wanted = "http_server_requests_seconds_count{method=\"GET\",status=\"" + QByteArray::number(status)
                                + "\",uri=\"" + route + "\"}";
        for (const QByteArray &line : m_metrics.scrape().split('\n')) {
            if (line.startsWith(wanted))
                return line.mid(wanted.size()).trimmed();
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        Router router;
        Route later{"GET", QStringLiteral("/later/{word}"), Execution::Async, {}};
        later.asyncHandler = [](const HttpRequest &request, AsyncReply reply) {
            // Answers from the event loop, after the handler returned; the
            // request (its path parameters) is still valid then.
            QTimer::singleShot(50, [&request, reply] {
                HttpResponse response;
                response.body = request.pathParameters.value(QStringLiteral("word")).toUtf8();
                reply(response);
                reply(HttpResponse::noContent()); // ignored: one answer only
            });
        };
        router.add(later);
        Route throwing{"GET", QStringLiteral("/throws"), Execution::Async, {}};
        throwing.asyncHandler = [](const HttpRequest &, AsyncReply) { throw std::runtime_error("boom"); };
        router.add(throwing);
        Route dropping{"GET", QStringLiteral("/drops"), Execution::Async, {}};
        dropping.asyncHandler = [](const HttpRequest &, AsyncReply) {};
        router.add(dropping);
        m_server = std::make_unique<HttpServer>(router, m_metrics, HttpServerOptions{1, 1, {}});
        QString error;
        QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    }

    void cleanupTestCase() { m_server.reset(); }

    void answersLaterWithTheCorrelationIdAndMetrics()
    {
        const Reply reply = get(QStringLiteral("/later/hello"), "trace-async-1");
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, QByteArray("hello"));
        QCOMPARE(reply.correlationId, QByteArray("trace-async-1"));
        QCOMPARE(get(QStringLiteral("/later/again")).body, QByteArray("again")); // the connection goes on
        QCOMPARE(scrapeLine("/later/{word}", 200), QByteArray("2"));
        QCOMPARE(scrapeLine("/later/{word}", 204), QByteArray());
    }

    void aHandlerThatThrowsGives500()
    {
        const Reply reply = get(QStringLiteral("/throws"));
        QCOMPARE(reply.status, 500);
        QVERIFY(!reply.correlationId.isEmpty());
        QCOMPARE(scrapeLine("/throws", 500), QByteArray("1"));
    }

    void aDroppedReplyGives500()
    {
        const Reply reply = get(QStringLiteral("/drops"));
        QCOMPARE(reply.status, 500);
        QCOMPARE(scrapeLine("/drops", 500), QByteArray("1"));
    }
};

QTEST_MAIN(AsyncRoutesTest)
#include "tst_asyncroutes.moc"
