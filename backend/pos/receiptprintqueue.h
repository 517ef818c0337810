#pragma once

#include "core/backgroundthread.h"
#include "escposreceipt.h"
#include "printertransport.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace shop {

// The till's receipt printer as the receipt-printer settings describe it.
struct ReceiptPrinterSetup
{
    PrinterAddress address; // None: no receipt printer, receipts are saved as PDF only
    ReceiptPrinterFormat format;
    std::chrono::milliseconds timeout{3000}; // per step: connect, write
};

// Sends printouts to the till's printer one after another on a thread of
// its own, so the till never waits for paper: submit() answers at once and
// printed or failed follow (emitted on the queue's thread; a receiver on
// the GUI thread gets them queued). At most maxPending printouts are being
// printed or waiting; beyond that submit() refuses, so a printer that is off
// cannot pile up a day of receipts to spill out when it comes back.
class ReceiptPrintQueue : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReceiptPrintQueue)

public:
    static constexpr int kDefaultMaxPending = 4;

    ReceiptPrintQueue(std::unique_ptr<PrinterTransport> transport, int maxPending = kDefaultMaxPending,
                      QObject *parent = nullptr);
    // Lets the printout in progress finish (its transport's timeout bounds
    // that) and drops those still waiting.
    ~ReceiptPrintQueue() override;

    // what names the printout in the signals ("receipt ORD-…").
    // False, and nothing queued, when maxPending printouts are pending.
    bool submit(const QString &what, const QByteArray &bytes);

    int pending() const { return m_pending.load(); }
    int maxPending() const { return m_maxPending; }

Q_SIGNALS:
    void printed(const QString &what);
    void failed(const QString &what, const QString &reason);

private:
    void print(const QString &what, const QByteArray &bytes);

    std::unique_ptr<PrinterTransport> m_transport; // used on m_thread only
    const int m_maxPending;
    std::atomic<int> m_pending{0};
    BackgroundThread m_thread{QStringLiteral("pos-printer")};
};

} // namespace shop
