#include "shiftreportlines.h"

#include <QCoreApplication>

namespace shop {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("shop::ShiftReport", text);
}

QString when(const QDateTime &time)
{
    // ISO date and time: the same on every till whatever its locale.
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString countAndAmount(const CountAndAmount &figures)
{
    return QStringLiteral("%1 / %2").arg(figures.count).arg(figures.amount.toDecimalString());
}

} // namespace

QList<ShiftReportLine> shiftReportLines(const ShiftReport &report)
{
    // Plain ASCII punctuation throughout: every receipt printer charset has it.
    using Style = ShiftReportLine::Style;
    const Shift &shift = report.shift;
    QList<ShiftReportLine> lines;
    lines.append({Style::Title, report.isZ() ? tr("Z-REPORT") : tr("X-REPORT"), QString()});
    lines.append({Style::Row, tr("Terminal"), shift.terminal});
    lines.append({Style::Row, tr("Shift"), shift.id.toString(QUuid::WithoutBraces).left(8)});
    lines.append({Style::Row, tr("Opened"), QStringLiteral("%1 %2").arg(when(shift.openedAt), shift.openedBy)});
    if (shift.close)
        lines.append({Style::Row, tr("Closed"), QStringLiteral("%1 %2").arg(when(shift.close->closedAt),
                                                                              shift.close->closedBy)});
    if (report.producedAt.isValid())
        lines.append({Style::Row, tr("Printed"), when(report.producedAt)});
    lines.append({Style::Row, tr("Receipts"),
                  report.firstReceipt ? QStringLiteral("%1 - %2").arg(*report.firstReceipt).arg(*report.lastReceipt)
                                      : tr("none")});

    lines.append({Style::Heading, tr("Sales (count / amount)"), QString()});
    lines.append({Style::Row, tr("Cash"), countAndAmount(report.cashSales)});
    lines.append({Style::Row, tr("Card"), countAndAmount(report.cardSales)});
    lines.append({Style::Total, tr("Total sales"),
                  countAndAmount({report.cashSales.count + report.cardSales.count,
                                  report.cashSales.amount + report.cardSales.amount})});

    lines.append({Style::Heading, tr("Returns (count / amount)"), QString()});
    lines.append({Style::Row, tr("Cash"), countAndAmount(report.cashReturns)});
    lines.append({Style::Row, tr("Card"), countAndAmount(report.cardReturns)});
    lines.append({Style::Total, tr("Total returns"),
                  countAndAmount({report.cashReturns.count + report.cardReturns.count,
                                  report.cashReturns.amount + report.cardReturns.amount})});

    lines.append({Style::Heading, tr("Cash movements"), QString()});
    for (const CashMovement &movement : report.movements)
        lines.append({Style::Row,
                      QStringLiteral("%1 %2").arg(movement.kind == kCashIn ? tr("In") : tr("Out"), movement.reason),
                      (movement.kind == kCashIn ? QStringLiteral("+") : QStringLiteral("-"))
                          + movement.amount.toDecimalString()});
    if (report.movementCount > report.movements.size())
        lines.append({Style::Row, tr("... and %1 more").arg(report.movementCount - report.movements.size()), QString()});
    lines.append({Style::Row, tr("Cash in"), report.cashIn.toDecimalString()});
    lines.append({Style::Row, tr("Cash out"), report.cashOut.toDecimalString()});

    lines.append({Style::Heading, tr("Drawer"), QString()});
    lines.append({Style::Row, tr("Opening float"), shift.openingFloat.toDecimalString()});
    lines.append({Style::Total, tr("Expected cash"), report.expectedCash.toDecimalString()});
    if (shift.close) {
        lines.append({Style::Row, tr("Counted cash"), shift.close->counted.toDecimalString()});
        for (auto it = shift.close->denominations.begin(); it != shift.close->denominations.end(); ++it)
            lines.append({Style::Row, QStringLiteral("  %1 x %2").arg(it.value()).arg(
                                          Money::fromCents(it.key()).toDecimalString()),
                          Money::fromCents(it.key() * it.value()).toDecimalString()});
        const qint64 difference = shift.close->difference.cents();
        lines.append({Style::Total,
                      difference < 0 ? tr("Difference (short)")
                                     : (difference > 0 ? tr("Difference (over)") : tr("Difference")),
                      shift.close->difference.toDecimalString()});
    }
    return lines;
}

} // namespace shop
