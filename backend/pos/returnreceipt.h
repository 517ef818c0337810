#pragma once

#include "escposreceipt.h"
#include "returntypes.h"

#include <QByteArray>
#include <QString>

namespace shop {

// The slip of a return: shop, the original sale, what came back, the
// amount and how it goes back, who took it and who authorised it.
// Plain lines, so the till shows on screen exactly what the printer prints.
QStringList returnReceiptLines(const ReturnOutcome &outcome, const QString &shopName);

// The same as ESC/POS bytes, with a barcode of the refund's order number;
// CashDrawer::Open (a cash refund) opens the drawer first.
QByteArray escPosReturnReceipt(const ReturnOutcome &outcome, const QString &shopName,
                               const ReceiptPrinterFormat &format, CashDrawer drawer);

} // namespace shop
