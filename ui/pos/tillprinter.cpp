#include "tillprinter.h"

#include "pos/escposshiftreport.h"

namespace shop {

TillPrinter::TillPrinter(ReceiptPrinterSetup setup, QObject *parent)
    : QObject(parent)
    , m_setup(std::move(setup))
{
    if (m_setup.address.isNone())
        return;
    m_queue = new ReceiptPrintQueue(makePrinterTransport(m_setup.address, m_setup.timeout),
                                    ReceiptPrintQueue::kDefaultMaxPending, this);
    connect(m_queue, &ReceiptPrintQueue::printed, this,
            [this](const QString &what) { Q_EMIT status(tr("Printed the %1.").arg(what)); });
    connect(m_queue, &ReceiptPrintQueue::failed, this, [this](const QString &what, const QString &reason) {
        Q_EMIT status(tr("Could not print the %1: %2").arg(what, reason));
    });
}

QString TillPrinter::description() const
{
    return isSetUp() ? tr("Receipt printer: %1.").arg(m_setup.address.toString())
                     : tr("No receipt printer set up (receipt-printer): receipts are saved as PDF.");
}

bool TillPrinter::printReceipt(const Receipt &receipt, CashDrawer drawer)
{
    return submit(tr("receipt of %1").arg(receipt.orderNumber), escPosReceipt(receipt, m_setup.format, drawer));
}

bool TillPrinter::openCashDrawer()
{
    return submit(tr("cash drawer opening"), escPosDrawerKick(m_setup.format));
}

bool TillPrinter::printReturnReceipt(const ReturnOutcome &outcome, const QString &shopName, CashDrawer drawer)
{
    return submit(tr("return slip of %1").arg(outcome.orderNumber),
                  escPosReturnReceipt(outcome, shopName, m_setup.format, drawer));
}

bool TillPrinter::printShiftReport(const ShiftReport &report, const QString &shopName)
{
    return submit(report.isZ() ? tr("Z-report of %1").arg(report.shift.terminal)
                               : tr("X-report of %1").arg(report.shift.terminal),
                  escPosShiftReport(report, shopName, m_setup.format));
}

bool TillPrinter::submit(const QString &what, const QByteArray &bytes)
{
    if (!m_queue) {
        Q_EMIT status(tr("No receipt printer set up (receipt-printer)."));
        return false;
    }
    if (!m_queue->submit(what, bytes)) {
        Q_EMIT status(tr("The receipt printer has %1 printouts waiting; the %2 was not printed.")
                          .arg(m_queue->maxPending())
                          .arg(what));
        return false;
    }
    return true;
}

} // namespace shop
