#include "escposshiftreport.h"

#include "shiftreportlines.h"

namespace shop {

QByteArray escPosShiftReport(const ShiftReport &report, const QString &shopName, const ReceiptPrinterFormat &format)
{
    EscPosWriter out(format.charset, format.columns);
    out.initialize();
    out.align(EscPosWriter::Align::Center).line(shopName).align(EscPosWriter::Align::Left);
    for (const ShiftReportLine &line : shiftReportLines(report)) {
        switch (line.style) {
        case ShiftReportLine::Style::Title:
            out.align(EscPosWriter::Align::Center).doubleSize(true).line(line.label).doubleSize(false);
            out.align(EscPosWriter::Align::Left).rule();
            break;
        case ShiftReportLine::Style::Heading:
            out.line().bold(true).line(line.label).bold(false);
            break;
        case ShiftReportLine::Style::Row:
            out.row(line.label, line.value);
            break;
        case ShiftReportLine::Style::Total:
            out.bold(true).row(line.label, line.value).bold(false);
            break;
        }
    }
    out.rule().feed(3).cut();
    return out.bytes();
}

} // namespace shop
