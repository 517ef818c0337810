#pragma once

#include "printertransport.h"

namespace shop {

// A network printer's raw port (usually 9100, "JetDirect").
class TcpPrinterTransport final : public PrinterTransport
{
public:
    TcpPrinterTransport(QString host, quint16 port, std::chrono::milliseconds timeout);
    Result<Done> send(const QByteArray &bytes) override;

private:
    QString m_host;
    quint16 m_port;
    std::chrono::milliseconds m_timeout;
};

} // namespace shop
