#pragma once

#include "pos/receipt.h"

#include <QString>

class QPagedPaintDevice;

namespace shop {

// The receipt on paper of any size: shown on the terminal, saved as PDF,
// printed through the desktop's printers. (The till's receipt printer gets
// ESC/POS instead, pos/escposreceipt.h.)
namespace receiptdocument {

// The receipt as a small HTML page for QTextDocument.
QString toHtml(const Receipt &receipt);
// Lays the receipt out on device (a PDF writer or a printer).
void print(const Receipt &receipt, QPagedPaintDevice &device);
// Writes <folder>/receipt-<order number>.pdf; answers its path, or an
// empty string when the file cannot be written.
QString saveAsPdf(const Receipt &receipt, const QString &folder);

} // namespace receiptdocument

} // namespace shop
