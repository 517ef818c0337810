#include "http/requestparser.h"

#include <QtTest>

using namespace shop;
using Status = RequestParser::Status;

class RequestParserTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesAGetWithQueryAndHeaders()
    {
        QByteArray buffer("GET /api/v1/products?page=2&size=5 HTTP/1.1\r\nHost: x\r\nX-Correlation-ID: abc\r\n\r\n");
        const auto result = RequestParser().parse(buffer);
        QCOMPARE(result.status, Status::Complete);
        QCOMPARE(result.request.method, QByteArray("GET"));
        QCOMPARE(result.request.path, QStringLiteral("/api/v1/products"));
        QCOMPARE(result.request.query.queryItemValue(QStringLiteral("page")), QStringLiteral("2"));
        QCOMPARE(result.request.header("x-correlation-id"), QByteArray("abc"));
        QVERIFY(result.request.keepAlive);
        QVERIFY(buffer.isEmpty());
    }

    void waitsForTheWholeBodyThenLeavesThePipelinedRest()
    {
        QByteArray buffer("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhel");
        QCOMPARE(RequestParser().parse(buffer).status, Status::NeedMore);
        buffer.append("loGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto first = RequestParser().parse(buffer);
        QCOMPARE(first.status, Status::Complete);
        QCOMPARE(first.request.body, QByteArray("hello"));
        const auto second = RequestParser().parse(buffer);
        QCOMPARE(second.status, Status::Complete);
        QCOMPARE(second.request.path, QStringLiteral("/b"));
    }

    void connectionCloseAndHttp10EndKeepAlive()
    {
        QByteArray close("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QVERIFY(!RequestParser().parse(close).request.keepAlive);
        QByteArray old("GET / HTTP/1.0\r\n\r\n");
        QVERIFY(!RequestParser().parse(old).request.keepAlive);
    }

    void announcesExpectContinueWhileTheBodyIsMissing()
    {
        QByteArray buffer("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        const auto result = RequestParser().parse(buffer);
        QCOMPARE(result.status, Status::NeedMore);
        QVERIFY(result.expectsContinue);
    }

    void rejectsWhatItCannotServe_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n") << 400;
        QTest::newRow("absolute target") << QByteArray("GET http://x/ HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("version") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 400;
        QTest::newRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nHost\r\n\r\n") << 400;
        QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
        QTest::newRow("negative length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
        QTest::newRow("conflicting lengths") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
        QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") << 501;
        QTest::newRow("body over 1 MiB") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1048577\r\n\r\n") << 413;
        QTest::newRow("no Host in HTTP/1.1") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("two Host headers") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
        QTest::newRow("bare LF, refused before the head ends") << QByteArray("GET / HTTP/1.1\nHost: x\n") << 400;
        QTest::newRow("a TLS handshake, refused at once") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400;
        QTest::newRow("headers over 16 KiB") << (QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(17000, 'a')) << 431;
    }

    void rejectsWhatItCannotServe()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, status);
        const auto result = RequestParser().parse(wire);
        QCOMPARE(result.status, Status::Invalid);
        QCOMPARE(result.errorStatus, status);
        QVERIFY(!result.errorDetail.isEmpty());
    }

    void acceptsABodyOfExactlyTheLimit()
    {
        QByteArray buffer = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n" + QByteArray(1048576, 'x');
        QCOMPARE(RequestParser().parse(buffer).status, Status::Complete);
    }
};

QTEST_GUILESS_MAIN(RequestParserTest)
#include "tst_requestparser.moc"
