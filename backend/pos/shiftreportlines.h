#pragma once

#include "shifttypes.h"

#include <QList>
#include <QString>

namespace shop {

// One line of an X- or Z-report as every front end lays it out: the
// terminal's screen, the PDF, the receipt printer.
struct ShiftReportLine
{
    enum class Style { Title, Heading, Row, Total };
    Style style = Style::Row;
    QString label;
    QString value;
};

// The report's lines, top to bottom: what the shift is, sales and returns by
// payment method, the cash movements, the drawer (expected, counted,
// difference) and the receipt numbers it covers. Times are local.
QList<ShiftReportLine> shiftReportLines(const ShiftReport &report);

} // namespace shop
