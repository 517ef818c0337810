#pragma once

#include "core/money.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QUuid>

#include <optional>

namespace shop {

// How a drawer was counted at the close: a total, or so many of each
// denomination (value in cents -> count), whose sum is the total.
struct CashCount
{
    std::optional<Money> total;          // when counted as a total
    QMap<qint64, qint64> denominations;  // when counted per denomination
};

// What was counted at the close of a shift and, frozen then, what the
// engine expected the drawer to hold.
struct ShiftClose
{
    QString closedBy;
    QDateTime closedAt;
    Money counted;
    QMap<qint64, qint64> denominations; // empty when counted as a total
    Money expected;
    Money difference; // counted - expected: negative is a shortfall
};

// A shift of one terminal: open until it has a close.
struct Shift
{
    QUuid id;
    QString terminal;
    QString openedBy;
    QDateTime openedAt;
    Money openingFloat;
    std::optional<ShiftClose> close;

    bool isOpen() const { return !close.has_value(); }
};

// Cash put into (IN) or taken out of (OUT) the drawer during a shift.
struct CashMovement
{
    QUuid id;
    QString kind; // kCashIn or kCashOut
    Money amount;
    QString reason;
    QString recordedBy;
    QDateTime recordedAt;
};

inline const QString kCashIn = QStringLiteral("IN");
inline const QString kCashOut = QStringLiteral("OUT");
inline const QString kTillCash = QStringLiteral("CASH");
inline const QString kTillCard = QStringLiteral("CARD");

// How many, and for how much.
struct CountAndAmount
{
    qint64 count = 0;
    Money amount;
};

// The X-report (mid-shift) or Z-report (closed shift) of a shift. Every
// figure comes from the orders, payments and refunds the shift's sales and
// returns point to, and from the drawer's own movements.
struct ShiftReport
{
    Shift shift;
    QDateTime producedAt;
    CountAndAmount cashSales;
    CountAndAmount cardSales;
    CountAndAmount cashReturns;
    CountAndAmount cardReturns;
    QList<CashMovement> movements; // the first kMaxReportMovements, oldest first
    qint64 movementCount = 0;      // all of them
    Money cashIn;
    Money cashOut;
    // Float + cash sales - cash returns + cash in - cash out; for a closed
    // shift, the figure frozen at the close.
    Money expectedCash;
    std::optional<qint64> firstReceipt;
    std::optional<qint64> lastReceipt;

    bool isZ() const { return shift.close.has_value(); }
};

// A page of closed shifts, newest close first.
struct ShiftPage
{
    QList<Shift> items;
    qint64 total = 0;
};

// One line of the terminal journal.
struct JournalEntry
{
    qint64 id = 0;
    QDateTime recordedAt;
    QString terminal;
    std::optional<QUuid> shiftId;
    QString actor;
    QString kind;                     // LOGIN, SHIFT_OPEN, SALE, RETURN, CASH_OUT, ...
    QString reference;                // an order number, a refund or movement id; may be empty
    std::optional<Money> amount;
    QString details;
};

// A page of a day of the journal, in the order it happened. nextAfterId,
// when set, asks for the next page.
struct JournalPage
{
    QList<JournalEntry> items;
    std::optional<qint64> nextAfterId;
};

// A till sale once it is paid: what pos.sales records of it.
struct TillSale
{
    QString terminal;
    QString orderNumber;
    QString cashier;
    QString paymentMethod; // kTillCash or kTillCard
    Money amount;          // for the journal; the reports read the payment itself
    std::optional<Money> tendered;
};

// Where a recorded sale went.
struct RecordedSale
{
    QUuid shiftId;
    qint64 receiptNumber = 0;
};

} // namespace shop
