#pragma once

#include "printertransport.h"

namespace shop {

// A printer on a serial port (or a USB-serial adapter), 8N1, no flow control.
class SerialPrinterTransport final : public PrinterTransport
{
public:
    SerialPrinterTransport(QString device, qint32 baudRate, std::chrono::milliseconds timeout);
    Result<Done> send(const QByteArray &bytes) override;

private:
    QString m_device;
    qint32 m_baudRate;
    std::chrono::milliseconds m_timeout;
};

} // namespace shop
