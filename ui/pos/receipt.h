#pragma once

#include "core/money.h"
#include "pos/saleline.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

class QPagedPaintDevice;
class QTextDocument;

namespace shop {

// What the buyer takes home: shown on the terminal, saved as PDF, printed.
struct Receipt
{
    QString shopName;
    QString shopAddress;
    QString orderNumber;
    QDateTime paidAt;
    QList<SaleLine> lines;
    Money total;
    bool isCash = false;
    std::optional<Money> tendered; // cash only
    std::optional<Money> change;   // cash only

    // The receipt as a small HTML page for QTextDocument.
    QString toHtml() const;
    // Lays the receipt out on device (a PDF writer or a printer).
    void print(QPagedPaintDevice &device) const;
    // Writes <folder>/receipt-<order number>.pdf; answers its path, or an
    // empty string when the file cannot be written.
    QString saveAsPdf(const QString &folder) const;
};

} // namespace shop
