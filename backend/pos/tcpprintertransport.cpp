#include "tcpprintertransport.h"

#include <QTcpSocket>

namespace shop {

TcpPrinterTransport::TcpPrinterTransport(QString host, quint16 port, std::chrono::milliseconds timeout)
    : m_host(std::move(host))
    , m_port(port)
    , m_timeout(timeout)
{
}

Result<Done> TcpPrinterTransport::send(const QByteArray &bytes)
{
    const QString printer = QStringLiteral("tcp:%1:%2").arg(m_host).arg(m_port);
    const int timeoutMs = static_cast<int>(m_timeout.count());
    QTcpSocket socket;
    socket.connectToHost(m_host, m_port);
    if (!socket.waitForConnected(timeoutMs)) {
        const QString why = socket.error() == QAbstractSocket::SocketTimeoutError
                                ? QStringLiteral("no answer within %1 ms").arg(timeoutMs)
                                : socket.errorString();
        socket.abort();
        return ServiceError::unavailable(QStringLiteral("printer %1 cannot be reached: %2").arg(printer, why));
    }
    socket.write(bytes);
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(timeoutMs)) {
            socket.abort();
            return ServiceError::unavailable(
                QStringLiteral("printer %1 did not take the receipt within %2 ms").arg(printer).arg(timeoutMs));
        }
    }
    socket.disconnectFromHost();
    if (socket.state() != QAbstractSocket::UnconnectedState && !socket.waitForDisconnected(timeoutMs))
        socket.abort();
    return Done{};
}

} // namespace shop
