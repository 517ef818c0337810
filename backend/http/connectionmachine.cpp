#include "connectionmachine.h"

#include "problemdetails.h"

#include <QUuid>

#include <algorithm>

namespace shop {

namespace {

const QByteArray kContinue = QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n");
// A rejected client's bytes are read in chunks this size and dropped.
constexpr qsizetype kDrainChunk = 64 * 1024;
// Buffers that grew past this for one large request are given back once empty.
constexpr qsizetype kKeptCapacity = 64 * 1024;

void releaseIfLarge(QByteArray &buffer)
{
    if (buffer.isEmpty() && buffer.capacity() > kKeptCapacity)
        buffer = QByteArray();
}

} // namespace

ConnectionMachine::ConnectionMachine(const RequestParser &parser, const ConnectionLimits &limits,
                                     Clock::time_point now)
    : m_parser(parser)
    , m_limits(limits)
    , m_idleSince(now)
    , m_lastWrite(now)
{
}

qsizetype ConnectionMachine::readAllowance() const
{
    if (m_aborted)
        return 0;
    if (m_rejected)
        return m_peerClosed ? 0 : kDrainChunk;
    if (m_peerClosed || m_closeAfterOutput || m_output.size() >= m_limits.pipelineBytes)
        return 0;
    const qsizetype bound = (m_inFlight || m_ready)
        ? m_limits.pipelineBytes
        : m_limits.request.maxHeaderBytes + m_limits.request.maxBodyBytes;
    return std::max<qsizetype>(0, bound - m_input.size());
}

void ConnectionMachine::received(QByteArrayView bytes, Clock::time_point now)
{
    if (m_rejected || bytes.isEmpty())
        return;
    m_input.append(bytes);
    parseNext(now);
}

void ConnectionMachine::peerClosedWrite(Clock::time_point now)
{
    m_peerClosed = true;
    if (m_rejected || m_inFlight || m_ready)
        return; // replied() finishes what is left
    parseNext(now);
    if (!m_ready)
        m_closeAfterOutput = true;
}

void ConnectionMachine::replied(const QByteArray &serializedResponse, bool keepAlive, Clock::time_point now)
{
    m_inFlight = false;
    if (m_output.isEmpty())
        m_lastWrite = now;
    m_output.append(serializedResponse);
    if (!keepAlive) {
        m_closeAfterOutput = true;
        return;
    }
    m_idleSince = now;
    parseNext(now);
    if (m_peerClosed && !m_ready)
        m_closeAfterOutput = true;
}

void ConnectionMachine::closeWhenIdle()
{
    m_closeAfterOutput = true;
}

std::optional<HttpRequest> ConnectionMachine::takeRequest()
{
    if (!m_ready)
        return std::nullopt;
    std::optional<HttpRequest> request = std::move(m_ready);
    m_ready.reset();
    m_inFlight = true;
    return request;
}

void ConnectionMachine::sent(qsizetype bytes, Clock::time_point now)
{
    if (bytes <= 0)
        return;
    m_output.remove(0, bytes);
    m_lastWrite = now;
    // Idle from when the last answer was written, not queued: a client
    // that took its time reading a reply still gets a whole idle period.
    if (m_output.isEmpty())
        m_idleSince = now;
    releaseIfLarge(m_output);
    parseNext(now);
}

bool ConnectionMachine::isFinished() const
{
    if (m_aborted)
        return true;
    if (m_rejected)
        return m_writeShut && m_peerClosed;
    return m_closeAfterOutput && m_output.isEmpty() && !m_inFlight && !m_ready;
}

ConnectionMachine::Timeout ConnectionMachine::checkDeadlines(Clock::time_point now)
{
    if (m_aborted)
        return Timeout::None;
    if (!m_output.isEmpty() && now - m_lastWrite >= m_limits.writeTimeout) {
        m_aborted = true;
        return Timeout::Write;
    }
    if (m_rejected) {
        if (now - m_rejectedAt < m_limits.drainTimeout)
            return Timeout::None;
        m_aborted = true;
        return Timeout::Drain;
    }
    if (m_inFlight || m_ready || m_closeAfterOutput)
        return Timeout::None; // handlers are not timed here; a closing connection only sends
    if (m_requestStart) {
        if (!m_headersRead && now - *m_requestStart >= m_limits.headerTimeout) {
            reject(408, QStringLiteral("the request headers were not completed in time"), now);
            return Timeout::Header;
        }
        if (now - *m_requestStart >= m_limits.requestTimeout) {
            reject(408, QStringLiteral("the request was not completed in time"), now);
            return Timeout::Request;
        }
        return Timeout::None;
    }
    if (m_output.isEmpty() && now - m_idleSince >= m_limits.idleTimeout) {
        m_closeAfterOutput = true;
        return Timeout::Idle;
    }
    return Timeout::None;
}

std::optional<ConnectionMachine::Clock::time_point> ConnectionMachine::nextDeadline() const
{
    if (m_aborted)
        return std::nullopt;
    std::optional<Clock::time_point> next;
    const auto consider = [&next](Clock::time_point at) { next = next ? std::min(*next, at) : at; };
    if (!m_output.isEmpty())
        consider(m_lastWrite + m_limits.writeTimeout);
    if (m_rejected) {
        consider(m_rejectedAt + m_limits.drainTimeout);
    } else if (!m_inFlight && !m_ready && !m_closeAfterOutput) {
        if (m_requestStart) {
            consider(*m_requestStart + (m_headersRead ? m_limits.requestTimeout : m_limits.headerTimeout));
        } else if (m_output.isEmpty()) {
            consider(m_idleSince + m_limits.idleTimeout);
        }
    }
    return next;
}

void ConnectionMachine::parseNext(Clock::time_point now)
{
    if (m_inFlight || m_ready || m_rejected || m_closeAfterOutput || m_input.isEmpty())
        return;
    if (m_output.size() >= m_limits.pipelineBytes)
        return; // sent() comes back here once the client reads
    if (!m_requestStart)
        m_requestStart = now;
    RequestParser::Result parsed = m_parser.parse(m_input);
    m_headersRead = parsed.headersRead;
    switch (parsed.status) {
    case RequestParser::Status::NeedMore:
        if (parsed.expectsContinue && !m_continueSent) {
            if (m_output.isEmpty())
                m_lastWrite = now;
            m_output.append(kContinue);
            m_continueSent = true;
        }
        if (m_peerClosed) {
            m_input.clear(); // it can never complete
            m_closeAfterOutput = true;
        }
        return;
    case RequestParser::Status::Invalid:
        reject(parsed.errorStatus, parsed.errorDetail, now);
        return;
    case RequestParser::Status::Complete:
        m_ready = std::move(parsed.request);
        m_requestStart.reset();
        m_continueSent = false;
        releaseIfLarge(m_input);
        return;
    }
}

void ConnectionMachine::reject(int status, const QString &detail, Clock::time_point now)
{
    HttpRequest request;
    request.correlationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (m_output.isEmpty())
        m_lastWrite = now;
    m_output.append(serializeResponse(ProblemDetails::forStatus(status, detail).toResponse(request), false));
    m_rejected = true;
    m_rejectedAt = now;
    m_input = QByteArray();
    m_requestStart.reset();
}

} // namespace shop
