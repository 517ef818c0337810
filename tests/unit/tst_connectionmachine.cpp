#include "http/connectionmachine.h"

#include <QtTest>

using namespace shop;
using namespace std::chrono_literals;
using Timeout = ConnectionMachine::Timeout;

// The connection's state machine, driven like a socket would, with a time
// the test moves by hand.
class ConnectionMachineTest : public QObject
{
    Q_OBJECT

    RequestParser m_parser;
    ConnectionLimits m_limits;
    ConnectionMachine::Clock::time_point m_now{};

    QByteArray reply(const char *body = "ok")
    {
        HttpResponse response;
        response.body = body;
        return serializeResponse(response, true);
    }

    // Takes everything the machine wants to send.
    static QByteArray drain(ConnectionMachine &machine, ConnectionMachine::Clock::time_point now)
    {
        const QByteArray out = machine.output();
        machine.sent(out.size(), now);
        return out;
    }

private Q_SLOTS:
    void aRequestIsDispatchedAndAnswered()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        machine.received("GET /a HTTP/1.1\r\nHost: x\r\n\r\n", m_now);
        const auto request = machine.takeRequest();
        QVERIFY(request);
        QCOMPARE(request->path, QStringLiteral("/a"));
        QVERIFY(machine.isInFlight());
        machine.replied(reply(), true, m_now);
        QVERIFY(drain(machine, m_now).startsWith("HTTP/1.1 200"));
        QVERIFY(!machine.isFinished());
    }

    void whileARequestIsInFlightAtMostThePipelineBoundIsRead()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        machine.received("POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", m_now);
        QVERIFY(machine.takeRequest());
        // A client streaming behind the request in flight is held back.
        qsizetype readAhead = 0;
        while (const qsizetype allowed = machine.readAllowance()) {
            const QByteArray junk(std::min<qsizetype>(allowed, 4096), 'x');
            machine.received(junk, m_now);
            readAhead += junk.size();
            QVERIFY(readAhead <= m_limits.pipelineBytes);
        }
        QCOMPARE(machine.bufferedInput(), m_limits.pipelineBytes);
        QCOMPARE(machine.readAllowance(), 0);
    }

    void aHalfClosedClientStillGetsItsReply()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        machine.received("POST /checkout HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", m_now);
        QVERIFY(machine.takeRequest());
        machine.peerClosedWrite(m_now);
        QVERIFY(!machine.isFinished());
        machine.replied(reply("placed"), true, m_now);
        QVERIFY(drain(machine, m_now).endsWith("placed"));
        QVERIFY(machine.isFinished());
    }

    void aHalfClosedPipelineIsAnsweredInFull()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        machine.received("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n", m_now);
        machine.peerClosedWrite(m_now);
        QCOMPARE(machine.takeRequest()->path, QStringLiteral("/1"));
        machine.replied(reply("one"), true, m_now);
        QCOMPARE(machine.takeRequest()->path, QStringLiteral("/2"));
        machine.replied(reply("two"), true, m_now);
        const QByteArray out = drain(machine, m_now);
        QVERIFY(out.indexOf("one") < out.indexOf("two"));
        QVERIFY(machine.isFinished());
    }

    void tricklingBytesDoesNotExtendTheHeaderDeadline()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        const QByteArray request("GET /slow HTTP/1.1\r\nHost: x\r\nX-Pad: ");
        auto now = m_now;
        for (char c : request) {
            machine.received(QByteArrayView(&c, 1), now);
            QCOMPARE(machine.checkDeadlines(now), Timeout::None);
            now += 100ms;
        }
        while (now < m_now + m_limits.headerTimeout) {
            machine.received("a", now);
            QCOMPARE(machine.checkDeadlines(now), Timeout::None);
            now += 1s;
        }
        QCOMPARE(machine.checkDeadlines(m_now + m_limits.headerTimeout), Timeout::Header);
        QVERIFY(drain(machine, now).startsWith("HTTP/1.1 408"));
        QVERIFY(machine.wantsWriteShutdown());
    }

    void aSlowBodyMeetsTheRequestDeadline()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        machine.received("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", m_now);
        QCOMPARE(*machine.nextDeadline(), m_now + m_limits.requestTimeout);
        machine.received(QByteArray(1000, 'x'), m_now + 29s);
        QCOMPARE(machine.checkDeadlines(m_now + 29s), Timeout::None);
        QCOMPARE(machine.checkDeadlines(m_now + m_limits.requestTimeout), Timeout::Request);
        QVERIFY(!machine.takeRequest());
    }

    void anIdleConnectionCloses()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        QCOMPARE(machine.checkDeadlines(m_now + m_limits.idleTimeout - 1ms), Timeout::None);
        QCOMPARE(machine.checkDeadlines(m_now + m_limits.idleTimeout), Timeout::Idle);
        QVERIFY(machine.isFinished());
    }

    // Found by fuzz_connection: the idle deadline counted from when the
    // reply was queued, so a client that read it slowly (within the write
    // deadline) met a deadline already past and was closed at once.
    void aSlowReaderGetsAWholeIdlePeriodAfterItsReply()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        machine.received("GET /a HTTP/1.1\r\nHost: x\r\n\r\n", m_now);
        QVERIFY(machine.takeRequest());
        machine.replied(reply(), true, m_now);
        const auto readAt = m_now + m_limits.writeTimeout - 1s;
        drain(machine, readAt);
        QCOMPARE(*machine.nextDeadline(), readAt + m_limits.idleTimeout);
        QCOMPARE(machine.checkDeadlines(readAt + m_limits.idleTimeout - 1ms), Timeout::None);
        QCOMPARE(machine.checkDeadlines(readAt + m_limits.idleTimeout), Timeout::Idle);
    }

    // What a load balancer reusing server connections relies on: each
    // request of a kept-alive connection is handed to a handler once, and
    // the answers leave in the order of the requests.
    void eachRequestOfAKeptAliveConnectionIsHandedOutOnce()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        const QByteArray add("POST /api/v1/carts/s/items HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
        for (const char *answer : {"first", "second"}) {
            machine.received(add, m_now);
            QVERIFY(machine.takeRequest());
            QVERIFY(!machine.takeRequest());
            machine.replied(reply(answer), true, m_now);
            QVERIFY(!machine.takeRequest());
            QVERIFY(drain(machine, m_now).endsWith(answer));
        }
        QVERIFY(!machine.isFinished());
    }

    // A request whose first bytes came in before the idle deadline is served:
    // the idle close only ends a connection that has received nothing, so it
    // never drops a request it has read (and so never one it applied).
    void aRequestArrivingAtTheIdleDeadlineIsServed()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        const auto deadline = m_now + m_limits.idleTimeout;
        machine.received("POST /api/v1/carts/s/items HTTP/1.1\r\nHost: x\r\n", deadline - 1ms);
        QCOMPARE(machine.checkDeadlines(deadline), Timeout::None);
        machine.received("Content-Length: 2\r\n\r\n{}", deadline);
        QCOMPARE(machine.checkDeadlines(deadline + 1ms), Timeout::None);
        QVERIFY(machine.takeRequest());
        QVERIFY(!machine.isClosing());
    }

    void aClientThatNeverReadsIsCutOff()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        machine.received("GET /a HTTP/1.1\r\nHost: x\r\n\r\n", m_now);
        QVERIFY(machine.takeRequest());
        machine.replied(reply(), true, m_now);
        QCOMPARE(machine.checkDeadlines(m_now + m_limits.writeTimeout), Timeout::Write);
        QVERIFY(machine.isFinished());
    }

    void unsentRepliesStopFurtherRequests()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        QByteArray pipeline;
        for (int i = 0; i < 4; ++i)
            pipeline += "GET /big HTTP/1.1\r\nHost: x\r\n\r\n";
        machine.received(pipeline, m_now);
        const QByteArray big(m_limits.pipelineBytes, 'b');
        QVERIFY(machine.takeRequest());
        machine.replied(reply(big.constData()), true, m_now);
        // The client has not read the first reply: the second waits.
        QVERIFY(!machine.takeRequest());
        QCOMPARE(machine.readAllowance(), 0);
        drain(machine, m_now);
        QVERIFY(machine.takeRequest());
    }

    void aRejectedClientIsAnsweredThenDrained()
    {
        ConnectionMachine machine(m_parser, m_limits, m_now);
        machine.received("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n", m_now);
        QVERIFY(!machine.takeRequest());
        QVERIFY(drain(machine, m_now).startsWith("HTTP/1.1 413"));
        QVERIFY(machine.wantsWriteShutdown());
        machine.writeShutDone();
        machine.received(QByteArray(machine.readAllowance(), 'x'), m_now);
        QCOMPARE(machine.bufferedInput(), 0);
        QCOMPARE(machine.checkDeadlines(m_now + m_limits.drainTimeout), Timeout::Drain);
        QVERIFY(machine.isFinished());
    }
};

QTEST_GUILESS_MAIN(ConnectionMachineTest)
#include "tst_connectionmachine.moc"
