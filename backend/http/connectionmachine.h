#pragma once

#include "requestparser.h"

#include <QByteArray>

#include <chrono>
#include <optional>

namespace shop {

// Every bound one connection keeps, whatever its client does.
struct ConnectionLimits
{
    RequestLimits request;
    // A keep-alive connection with nothing to do is closed after this long.
    std::chrono::milliseconds idleTimeout{15000};
    // From a request's first byte: its headers must be complete within
    // headerTimeout and the whole request within requestTimeout (absolute
    // deadlines, so trickling one byte at a time does not extend them).
    std::chrono::milliseconds headerTimeout{10000};
    std::chrono::milliseconds requestTimeout{30000};
    // A client that stops reading our replies is cut off after this long
    // without progress.
    std::chrono::milliseconds writeTimeout{30000};
    // A rejected client may go on sending this long before it is cut off.
    std::chrono::milliseconds drainTimeout{5000};
    // While a request is in flight, at most this much of the next ones is
    // read ahead; and no further request is started while this much of our
    // replies waits to be sent. Beyond that, reading stops (back-pressure).
    qsizetype pipelineBytes = 16 * 1024;
};

// One HTTP/1.1 connection's state, without sockets, threads or clocks: the
// caller feeds it what the network did and the time, and asks it what to do
// (read how much, send what, dispatch which request, close). Kept pure so the
// whole state machine can be unit-tested and fuzzed.
class ConnectionMachine
{
public:
    using Clock = std::chrono::steady_clock;

    // Which deadline passed. Header and Request answer 408 and close; the
    // others close at once. Each is logged and counted by the caller.
    enum class Timeout { None, Idle, Header, Request, Write, Drain };

    ConnectionMachine(const RequestParser &parser, const ConnectionLimits &limits, Clock::time_point now);

    // How many bytes may be read now; 0 means stop reading until something
    // changes (a request in flight, replies not yet sent, a rejected client).
    qsizetype readAllowance() const;
    qsizetype bufferedInput() const { return m_input.size(); }

    // What the network delivered. received() takes at most readAllowance() bytes.
    void received(QByteArrayView bytes, Clock::time_point now);
    void peerClosedWrite(Clock::time_point now);
    // The request taken by takeRequest() has its reply.
    void replied(const QByteArray &serializedResponse, bool keepAlive, Clock::time_point now);
    // Deadlines; returns what expired, if anything.
    Timeout checkDeadlines(Clock::time_point now);
    std::optional<Clock::time_point> nextDeadline() const;
    // The server is stopping: close once the request in flight is answered.
    void closeWhenIdle();
    // Replies from now on end the connection.
    bool isClosing() const { return m_closeAfterOutput; }

    // A complete request to hand to its handler; the connection then counts
    // as in flight until replied().
    std::optional<HttpRequest> takeRequest();
    bool isInFlight() const { return m_inFlight; }

    // Bytes waiting to be sent, and how many were.
    const QByteArray &output() const { return m_output; }
    void sent(qsizetype bytes, Clock::time_point now);

    // Once the output is sent: end our side of a rejected connection so its
    // client reads our answer, then wait for it to close.
    bool wantsWriteShutdown() const { return m_rejected && m_output.isEmpty() && !m_writeShut; }
    void writeShutDone() { m_writeShut = true; }
    // Nothing more will happen: close the socket (the object itself waits
    // for the reply of a request in flight, see HttpConnection).
    bool isFinished() const;

private:
    void parseNext(Clock::time_point now);
    void reject(int status, const QString &detail, Clock::time_point now);

    const RequestParser &m_parser;
    const ConnectionLimits &m_limits;
    QByteArray m_input;
    QByteArray m_output;
    std::optional<HttpRequest> m_ready;
    bool m_inFlight = false;
    bool m_continueSent = false;
    bool m_headersRead = false; // of the request being read, as its last parse found
    bool m_peerClosed = false;
    bool m_closeAfterOutput = false;
    bool m_rejected = false; // answer queued; what still arrives is dropped
    bool m_writeShut = false;
    bool m_aborted = false;  // a deadline that leaves nothing to say passed
    Clock::time_point m_idleSince;      // nothing to do since then
    std::optional<Clock::time_point> m_requestStart; // first byte of the request being read
    Clock::time_point m_lastWrite;      // last progress sending output
    Clock::time_point m_rejectedAt;
};

} // namespace shop
