#pragma once

#include "core/money.h"
#include "saleline.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace shop {

// What the buyer takes home from a sale at the till, whatever it is printed
// on: the terminal's screen, a PDF, a receipt printer.
struct Receipt
{
    QString shopName;
    QString shopAddress;
    QString orderNumber;
    std::optional<qint64> receiptNumber; // the till sale's number in its shift (pos.sales)
    QDateTime paidAt;
    QString cashier;              // who sold; empty when nobody logged in at the till
    std::optional<QString> shift; // the shift's short id
    QList<SaleLine> lines;
    Money total;
    bool isCash = false;
    std::optional<Money> tendered; // cash only
    std::optional<Money> change;   // cash only
};

} // namespace shop
