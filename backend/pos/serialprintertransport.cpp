#include "serialprintertransport.h"

#include <QSerialPort>

namespace shop {

SerialPrinterTransport::SerialPrinterTransport(QString device, qint32 baudRate, std::chrono::milliseconds timeout)
    : m_device(std::move(device))
    , m_baudRate(baudRate)
    , m_timeout(timeout)
{
}

Result<Done> SerialPrinterTransport::send(const QByteArray &bytes)
{
    const QString printer = QStringLiteral("serial:%1").arg(m_device);
    const int timeoutMs = static_cast<int>(m_timeout.count());
    QSerialPort port(m_device);
    if (!port.open(QIODevice::WriteOnly))
        return ServiceError::unavailable(QStringLiteral("printer %1 cannot be opened: %2").arg(printer, port.errorString()));
    if (!port.setBaudRate(m_baudRate) || !port.setDataBits(QSerialPort::Data8) || !port.setParity(QSerialPort::NoParity)
        || !port.setStopBits(QSerialPort::OneStop) || !port.setFlowControl(QSerialPort::NoFlowControl))
        return ServiceError::unavailable(
            QStringLiteral("printer %1 cannot be set to %2 baud: %3").arg(printer).arg(m_baudRate).arg(port.errorString()));
    port.write(bytes);
    while (port.bytesToWrite() > 0) {
        if (!port.waitForBytesWritten(timeoutMs)) {
            // Whatever is still queued is dropped with the port: a printer
            // that takes nothing for this long is off or jammed.
            port.clear(QSerialPort::Output);
            return ServiceError::unavailable(
                QStringLiteral("printer %1 did not take the receipt within %2 ms").arg(printer).arg(timeoutMs));
        }
    }
    return Done{};
}

} // namespace shop
