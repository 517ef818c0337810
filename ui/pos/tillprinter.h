#pragma once

#include "pos/escposreceipt.h"
#include "pos/receiptprintqueue.h"
#include "pos/returnreceipt.h"
#include "pos/shifttypes.h"

#include <QObject>

namespace shop {

// The till's receipt printer, when one is set up: prints receipts and opens
// the cash drawer off the GUI thread (ReceiptPrintQueue) and tells the till
// in one line how it went.
class TillPrinter : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TillPrinter)

public:
    TillPrinter(ReceiptPrinterSetup setup, QObject *parent = nullptr);

    bool isSetUp() const { return m_queue != nullptr; }
    // Which printer, or that there is none, for the till's status bar.
    QString description() const;

    // False, with a status saying why, when there is no printer or it has
    // too many printouts waiting; otherwise printed or failed follows.
    bool printReceipt(const Receipt &receipt, CashDrawer drawer);
    bool openCashDrawer();
    // A return's slip; CashDrawer::Open for a cash refund.
    bool printReturnReceipt(const ReturnOutcome &outcome, const QString &shopName, CashDrawer drawer);

    // An X- or Z-report under the shop's name; the drawer stays closed.
    bool printShiftReport(const ShiftReport &report, const QString &shopName);

Q_SIGNALS:
    void status(const QString &message);

private:
    bool submit(const QString &what, const QByteArray &bytes);

    ReceiptPrinterSetup m_setup;
    ReceiptPrintQueue *m_queue = nullptr;
};

} // namespace shop
