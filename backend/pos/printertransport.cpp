#include "printertransport.h"

#include "fileprintertransport.h"
#include "serialprintertransport.h"
#include "tcpprintertransport.h"

namespace shop {

std::unique_ptr<PrinterTransport> makePrinterTransport(const PrinterAddress &address, std::chrono::milliseconds timeout)
{
    switch (address.kind) {
    case PrinterAddress::Kind::None:
        return nullptr;
    case PrinterAddress::Kind::Serial:
        return std::make_unique<SerialPrinterTransport>(address.path, address.baudRate, timeout);
    case PrinterAddress::Kind::Tcp:
        return std::make_unique<TcpPrinterTransport>(address.host, address.port, timeout);
    case PrinterAddress::Kind::File:
        return std::make_unique<FilePrinterTransport>(address.path, timeout);
    }
    return nullptr;
}

} // namespace shop
