#pragma once

#include "printertransport.h"

namespace shop {

// A printer's device file (/dev/usb/lp0) or an ordinary file the bytes are
// appended to. Opened non-blocking and written as the device takes it, so
// a printer that is off cannot hold the writing thread past the timeout.
class FilePrinterTransport final : public PrinterTransport
{
public:
    FilePrinterTransport(QString path, std::chrono::milliseconds timeout);
    Result<Done> send(const QByteArray &bytes) override;

private:
    QString m_path;
    std::chrono::milliseconds m_timeout;
};

} // namespace shop
