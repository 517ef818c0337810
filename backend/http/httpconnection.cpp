#include "httpconnection.h"

#include "httpserver.h"

#include <cerrno>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace shop {

namespace {

using Clock = ConnectionMachine::Clock;

// One read takes at most this much.
constexpr qsizetype kReadChunk = 64 * 1024;
// While the server's input budget is spent, look again this often.
constexpr std::chrono::milliseconds kBudgetRetry{100};

} // namespace

HttpConnection::HttpConnection(int socketDescriptor, const QHostAddress &peer, HttpServer &server, QObject *parent)
    : QObject(parent)
    , m_socket(socketDescriptor)
    , m_peer(peer)
    , m_server(server)
    , m_machine(server.parser(), server.connectionLimits(), Clock::now())
    , m_readNotifier(socketDescriptor, QSocketNotifier::Read)
    , m_writeNotifier(socketDescriptor, QSocketNotifier::Write)
{
    ::fcntl(m_socket, F_SETFL, ::fcntl(m_socket, F_GETFL) | O_NONBLOCK);
    const int noDelay = 1;
    ::setsockopt(m_socket, IPPROTO_TCP, TCP_NODELAY, &noDelay, sizeof noDelay);
    m_deadline.setSingleShot(true);
    connect(&m_readNotifier, &QSocketNotifier::activated, this, &HttpConnection::onReadable);
    connect(&m_writeNotifier, &QSocketNotifier::activated, this, &HttpConnection::onWritable);
    connect(&m_deadline, &QTimer::timeout, this, &HttpConnection::onDeadline);
    update();
}

HttpConnection::~HttpConnection()
{
    closeSocket();
}

void HttpConnection::onReadable()
{
    const qsizetype wanted = readableNow();
    if (wanted <= 0) {
        update();
        return;
    }
    char chunk[kReadChunk];
    const ssize_t got = ::recv(m_socket, chunk, static_cast<size_t>(wanted), 0);
    if (got > 0) {
        m_machine.received(QByteArrayView(chunk, got), Clock::now());
    } else if (got == 0) {
        m_machine.peerClosedWrite(Clock::now());
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        closeSocket(); // reset by the peer
    }
    update();
}

void HttpConnection::onWritable()
{
    update();
}

void HttpConnection::onDeadline()
{
    const ConnectionMachine::Timeout expired = m_machine.checkDeadlines(Clock::now());
    if (expired != ConnectionMachine::Timeout::None)
        m_server.reportTimeout(expired, m_peer);
    update();
}

void HttpConnection::finish(const HttpResponse &response, bool keepAlive)
{
    if (!isOpen()) {
        deleteLater();
        return;
    }
    const bool staysOpen = keepAlive && !m_machine.isClosing();
    m_machine.replied(serializeResponse(response, staysOpen), staysOpen, Clock::now());
    if (!m_updating) // else the update() that dispatched an inline request goes on
        update();
}

void HttpConnection::closeWhenIdle()
{
    m_machine.closeWhenIdle();
    update();
}

void HttpConnection::update()
{
    if (!isOpen()) {
        if (!m_machine.isInFlight())
            deleteLater();
        return;
    }
    m_updating = true;
    while (std::optional<HttpRequest> request = m_machine.takeRequest()) {
        request->peerAddress = m_peer;
        m_server.dispatch(this, std::move(*request)); // may reply at once (inline routes)
    }
    m_updating = false;

    while (!m_machine.output().isEmpty()) {
        const QByteArray &output = m_machine.output();
        const ssize_t sent = ::send(m_socket, output.constData(), static_cast<size_t>(output.size()), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                break;
            closeSocket(); // the peer is gone
            update();
            return;
        }
        m_machine.sent(sent, Clock::now());
    }
    if (m_machine.wantsWriteShutdown()) {
        // Closing while a rejected client still sends (say, a 50 MB body)
        // makes the kernel reset the connection and the client loses our
        // answer; so end only our side, drop what still arrives, and let the
        // client close (the drain deadline ends those that never do).
        ::shutdown(m_socket, SHUT_WR);
        m_machine.writeShutDone();
    }
    if (m_machine.isFinished()) {
        closeSocket();
        if (!m_machine.isInFlight())
            deleteLater();
        return;
    }
    balanceBorrowedInput();

    const bool budgetSpent =
        m_machine.readAllowance() > 0 && inputRoom() <= 0 && !m_server.inputBudget().hasRoom();
    m_readNotifier.setEnabled(m_machine.readAllowance() > 0 && !budgetSpent);
    m_writeNotifier.setEnabled(!m_machine.output().isEmpty());
    std::optional<std::chrono::milliseconds> wait;
    if (const auto next = m_machine.nextDeadline()) {
        wait = std::max(std::chrono::milliseconds(1),
                        std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now()));
    }
    if (budgetSpent)
        wait = wait ? std::min(*wait, kBudgetRetry) : kBudgetRetry;
    if (wait)
        m_deadline.start(*wait);
    else
        m_deadline.stop();
}

qsizetype HttpConnection::inputRoom() const
{
    return m_server.connectionLimits().request.maxHeaderBytes + m_borrowedInput - m_machine.bufferedInput();
}

qsizetype HttpConnection::readableNow()
{
    const qsizetype allowed = std::min(m_machine.readAllowance(), kReadChunk);
    if (allowed <= 0)
        return 0;
    // Each connection may hold a request's headers of its own; more (a
    // large body) is borrowed from the server's budget, which bounds the
    // input held by the whole process.
    if (inputRoom() <= 0)
        m_borrowedInput += m_server.inputBudget().borrow(allowed);
    return std::min(allowed, inputRoom());
}

void HttpConnection::balanceBorrowedInput()
{
    const qsizetype own = m_server.connectionLimits().request.maxHeaderBytes;
    const qsizetype needed = std::max<qsizetype>(0, m_machine.bufferedInput() - own);
    if (m_borrowedInput > needed) {
        m_server.inputBudget().giveBack(m_borrowedInput - needed);
        m_borrowedInput = needed;
    }
}

void HttpConnection::closeSocket()
{
    if (!isOpen())
        return;
    m_readNotifier.setEnabled(false);
    m_writeNotifier.setEnabled(false);
    m_deadline.stop();
    ::close(m_socket);
    m_socket = -1;
    m_server.inputBudget().giveBack(m_borrowedInput);
    m_borrowedInput = 0;
    m_server.connectionClosed(m_peer);
}

} // namespace shop
