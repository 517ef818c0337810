#include "shiftreportdocument.h"

#include "pos/shiftreportlines.h"

#include <QDir>
#include <QFileInfo>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace shop {

namespace shiftreportdocument {

QString toHtml(const ShiftReport &report, const QString &shopName)
{
    QString html = QStringLiteral("<p align=\"center\">%1</p>").arg(shopName.toHtmlEscaped());
    html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"2\">");
    for (const ShiftReportLine &line : shiftReportLines(report)) {
        const QString label = line.label.toHtmlEscaped();
        const QString value = line.value.toHtmlEscaped();
        switch (line.style) {
        case ShiftReportLine::Style::Title:
            html += QStringLiteral("<tr><td colspan=\"2\" align=\"center\"><h2>%1</h2></td></tr>").arg(label);
            break;
        case ShiftReportLine::Style::Heading:
            html += QStringLiteral("<tr><td colspan=\"2\"><br><b>%1</b><hr></td></tr>").arg(label);
            break;
        case ShiftReportLine::Style::Row:
            html += QStringLiteral("<tr><td>%1</td><td align=\"right\">%2</td></tr>").arg(label, value);
            break;
        case ShiftReportLine::Style::Total:
            html += QStringLiteral("<tr><td><b>%1</b></td><td align=\"right\"><b>%2</b></td></tr>").arg(label, value);
            break;
        }
    }
    return html + QStringLiteral("</table>");
}

void print(const ShiftReport &report, const QString &shopName, QPagedPaintDevice &device)
{
    QTextDocument document;
    document.setHtml(toHtml(report, shopName));
    document.print(&device);
}

QString saveAsPdf(const ShiftReport &report, const QString &shopName, const QString &folder)
{
    if (folder.isEmpty() || !QDir().mkpath(folder))
        return {};
    const QString name = QStringLiteral("%1-report-%2-%3-%4.pdf")
                             .arg(report.isZ() ? QStringLiteral("z") : QStringLiteral("x"), report.shift.terminal,
                                  report.shift.openedAt.toLocalTime().toString(QStringLiteral("yyyyMMdd-HHmm")),
                                  report.shift.id.toString(QUuid::WithoutBraces).left(8));
    const QString path = QDir(folder).filePath(name);
    QPdfWriter writer(path);
    writer.setTitle(name);
    writer.setCreator(shopName);
    writer.setPageSize(QPageSize(QPageSize::A5));
    print(report, shopName, writer);
    return QFileInfo(path).size() > 0 ? path : QString();
}

} // namespace shiftreportdocument

} // namespace shop
