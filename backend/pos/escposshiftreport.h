#pragma once

#include "escposreceipt.h"
#include "shifttypes.h"

#include <QByteArray>

namespace shop {

// An X- or Z-report as ESC/POS bytes for the till's receipt printer, laid
// out as shiftReportLines() says, under the shop's name; the drawer stays
// closed.
QByteArray escPosShiftReport(const ShiftReport &report, const QString &shopName, const ReceiptPrinterFormat &format);

} // namespace shop
