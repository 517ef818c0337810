#pragma once

#include "escposwriter.h"
#include "receipt.h"

#include <QByteArray>

namespace shop {

// How the till's receipt printer was set up (receipt-printer-* settings).
struct ReceiptPrinterFormat
{
    PrinterCharset charset = PrinterCharset::Cp858;
    int columns = 42;
};

enum class CashDrawer { Open, StayClosed };

// The receipt as ESC/POS bytes: shop, order, cashier and shift, the lines,
// totals, payment, a Code 128 barcode of the order number (what a return
// scans), then the cut. With CashDrawer::Open (a cash sale) the drawer opens
// first, so the cashier counts the change while the paper prints; a reprint
// leaves it closed.
QByteArray escPosReceipt(const Receipt &receipt, const ReceiptPrinterFormat &format, CashDrawer drawer);

// Opens the cash drawer alone: cash refunds and "no sale".
QByteArray escPosDrawerKick(const ReceiptPrinterFormat &format);

} // namespace shop
