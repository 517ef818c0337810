#pragma once

#include "core/errors.h"
#include "core/printeraddress.h"

#include <QByteArray>

#include <chrono>
#include <memory>

namespace shop {

// Carries one printout's bytes to the printer: open, write, close, so a
// printer switched off between two sales is simply found again on the next.
// send() blocks, at most about the timeout per step (connect, write), so it
// runs on a thread of its own (ReceiptPrintQueue). A printer that is off,
// unplugged or busy answers Unavailable, its detail naming the printer and
// what went wrong.
class PrinterTransport
{
public:
    virtual ~PrinterTransport() = default;
    virtual Result<Done> send(const QByteArray &bytes) = 0;
};

// The transport for address (not None), each step limited to timeout.
std::unique_ptr<PrinterTransport> makePrinterTransport(const PrinterAddress &address,
                                                       std::chrono::milliseconds timeout);

} // namespace shop
