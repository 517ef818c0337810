#include "reportexport.h"

#include <QFile>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

namespace shop::reportexport {

namespace {

const QString kChartResource = QStringLiteral("report://chart.png");

QString html(const ReportTable &table, const QStringList &notes, bool hasChart, int chartWidth)
{
    QString page = QStringLiteral("<h2>%1</h2>").arg(table.title.toHtmlEscaped());
    for (const QString &note : notes)
        page += QStringLiteral("<p>%1</p>").arg(note.toHtmlEscaped());
    if (hasChart)
        page += QStringLiteral("<p><img src=\"%1\" width=\"%2\"></p>").arg(kChartResource).arg(chartWidth);
    page += QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\"><tr>");
    for (const QString &column : table.columns)
        page += QStringLiteral("<th>%1</th>").arg(column.toHtmlEscaped());
    page += QStringLiteral("</tr>");
    for (const QStringList &row : table.rows) {
        page += QStringLiteral("<tr>");
        for (const QString &field : row)
            page += QStringLiteral("<td>%1</td>").arg(field.toHtmlEscaped());
        page += QStringLiteral("</tr>");
    }
    return page + QStringLiteral("</table>");
}

} // namespace

QString writeCsv(const QString &path, const ReportTable &table)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    file.write(reporttables::toCsv(table));
    if (!file.commit())
        return file.errorString();
    return {};
}

QString writePdf(const QString &path, const ReportTable &table, const QStringList &notes, const QImage &chart)
{
    // QPdfWriter says nothing when it cannot write: find out first.
    if (QFile probe(path); !probe.open(QIODevice::WriteOnly))
        return probe.errorString();
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(96);
    writer.setTitle(table.title);
    writer.setCreator(QStringLiteral("Shop manager"));
    QTextDocument document;
    const QSizeF page = writer.pageLayout().paintRectPixels(writer.resolution()).size();
    document.setPageSize(page);
    if (!chart.isNull())
        document.addResource(QTextDocument::ImageResource, QUrl(kChartResource), chart);
    const int chartWidth = qMin(chart.width(), static_cast<int>(page.width()) - 20);
    document.setHtml(html(table, notes, !chart.isNull(), chartWidth));
    document.print(&writer);
    return {};
}

} // namespace shop::reportexport
