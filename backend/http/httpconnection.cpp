#include "httpconnection.h"

#include "httpserver.h"
#include "problemdetails.h"

#include <QTcpSocket>

#include <sys/socket.h>

namespace shop {

namespace {
// Keep-alive connections and half-sent requests are closed after this long.
constexpr int kIdleTimeoutMs = 15000;
// How long a rejected client may go on sending before the connection is cut.
constexpr int kDrainTimeoutMs = 5000;
}

HttpConnection::HttpConnection(qintptr socketDescriptor, HttpServer &server, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_socket(new QTcpSocket(this))
{
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(kIdleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpConnection::onIdleTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    if (!m_socket->setSocketDescriptor(socketDescriptor)) {
        m_socketGone = true;
        deleteLater();
        return;
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_idleTimer.start();
}

bool HttpConnection::isOpen() const
{
    return !m_socketGone;
}

void HttpConnection::onReadyRead()
{
    if (m_draining) {
        m_socket->readAll(); // see rejectAndClose
        return;
    }
    m_buffer.append(m_socket->readAll());
    processBuffer();
}

void HttpConnection::processBuffer()
{
    if (m_inFlight || m_closing || m_buffer.isEmpty())
        return;
    RequestParser::Result parsed = m_server.parser().parse(m_buffer);
    switch (parsed.status) {
    case RequestParser::Status::NeedMore:
        if (parsed.expectsContinue && !m_continueSent) {
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            m_continueSent = true;
        }
        m_idleTimer.start();
        return;
    case RequestParser::Status::Invalid:
        rejectAndClose(parsed.errorStatus, parsed.errorDetail);
        return;
    case RequestParser::Status::Complete:
        m_idleTimer.stop();
        m_inFlight = true;
        m_continueSent = false;
        parsed.request.peerAddress = m_socket->peerAddress();
        m_server.dispatch(this, std::move(parsed.request));
        return;
    }
}

void HttpConnection::finish(const HttpResponse &response, bool keepAlive)
{
    m_inFlight = false;
    if (m_socketGone) {
        deleteLater();
        return;
    }
    const bool staysOpen = keepAlive && !m_closing;
    m_socket->write(serializeResponse(response, staysOpen));
    if (!staysOpen) {
        m_closing = true;
        m_socket->disconnectFromHost();
        return;
    }
    m_idleTimer.start();
    processBuffer(); // a pipelined request may already be waiting
}

void HttpConnection::closeWhenIdle()
{
    m_closing = true;
    if (!m_inFlight && !m_socketGone)
        m_socket->disconnectFromHost();
}

void HttpConnection::rejectAndClose(int status, const QString &detail)
{
    HttpRequest request;
    request.correlationId = m_server.newCorrelationId();
    const HttpResponse response = ProblemDetails::forStatus(status, detail).toResponse(request);
    m_closing = true;
    m_draining = true;
    m_buffer.clear();
    m_socket->write(serializeResponse(response, false));
    // Closing while the client still sends (say, a 50 MB body) makes the
    // kernel reset the connection, and the client loses our answer. So end
    // only our side once the answer is out, drop what still arrives, and let
    // the client close; the idle timer ends connections that never do.
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_socket->bytesToWrite() == 0)
            ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
    });
    m_idleTimer.start(kDrainTimeoutMs);
}

void HttpConnection::onDisconnected()
{
    m_socketGone = true;
    m_idleTimer.stop();
    if (!m_inFlight)
        deleteLater();
}

void HttpConnection::onIdleTimeout()
{
    if (m_inFlight)
        return;
    if (m_draining) {
        m_socket->abort();
        return;
    }
    if (m_buffer.isEmpty())
        closeWhenIdle();
    else
        rejectAndClose(408, QStringLiteral("the request was not completed in time"));
}

} // namespace shop
