#include "escposreceipt.h"

#include <QCoreApplication>

namespace shop {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("shop::Receipt", text);
}

void writeHeader(EscPosWriter &out, const Receipt &receipt)
{
    out.align(EscPosWriter::Align::Center).doubleSize(true).line(receipt.shopName).doubleSize(false);
    for (const QString &addressLine : receipt.shopAddress.split(u'\n', Qt::SkipEmptyParts))
        out.line(addressLine.trimmed());
    out.align(EscPosWriter::Align::Left).line();
    if (receipt.receiptNumber)
        out.row(tr("Receipt"), QString::number(*receipt.receiptNumber));
    out.row(tr("Order"), receipt.orderNumber);
    // ISO date and time: the same on every till whatever its locale.
    out.row(tr("Date"), receipt.paidAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    if (!receipt.cashier.isEmpty())
        out.row(tr("Cashier"), receipt.cashier);
    if (receipt.shift)
        out.row(tr("Shift"), *receipt.shift);
    out.rule();
}

void writeLines(EscPosWriter &out, const Receipt &receipt)
{
    for (const SaleLine &line : receipt.lines) {
        out.line(line.name);
        out.row(QStringLiteral("  %1 x %2").arg(line.quantity).arg(line.unitPrice.toDecimalString()),
                line.subtotal().toDecimalString());
    }
    out.rule();
}

void writeTotals(EscPosWriter &out, const Receipt &receipt)
{
    out.bold(true).row(tr("TOTAL"), receipt.total.toDecimalString()).bold(false);
    out.row(tr("Payment"), receipt.isCash ? tr("Cash") : tr("Card"));
    if (receipt.tendered)
        out.row(tr("Tendered"), receipt.tendered->toDecimalString());
    if (receipt.change)
        out.row(tr("Change"), receipt.change->toDecimalString());
    out.line();
}

} // namespace

QByteArray escPosReceipt(const Receipt &receipt, const ReceiptPrinterFormat &format, CashDrawer drawer)
{
    EscPosWriter out(format.charset, format.columns);
    out.initialize();
    if (drawer == CashDrawer::Open)
        out.kickDrawer();
    writeHeader(out, receipt);
    writeLines(out, receipt);
    writeTotals(out, receipt);
    out.align(EscPosWriter::Align::Center).code128(receipt.orderNumber);
    out.line(tr("Thank you for your purchase!"));
    out.feed(3).cut();
    return out.bytes();
}

QByteArray escPosDrawerKick(const ReceiptPrinterFormat &format)
{
    return EscPosWriter(format.charset, format.columns).initialize().kickDrawer().bytes();
}

} // namespace shop
