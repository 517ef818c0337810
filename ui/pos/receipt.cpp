#include "receipt.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace shop {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("shop::Receipt", text);
}

QString cell(const QString &text, bool isRight = false)
{
    return (isRight ? QStringLiteral("<td align=\"right\">") : QStringLiteral("<td>")) + text.toHtmlEscaped()
           + QStringLiteral("</td>");
}

QString row(const QString &label, const QString &amount, bool isBold = false)
{
    const QString open = isBold ? QStringLiteral("<b>") : QString();
    const QString close = isBold ? QStringLiteral("</b>") : QString();
    return QStringLiteral("<tr><td colspan=\"3\">%1%2%3</td><td align=\"right\">%1%4%3</td></tr>")
        .arg(open, label.toHtmlEscaped(), close, amount.toHtmlEscaped());
}

} // namespace

QString Receipt::toHtml() const
{
    QString html = QStringLiteral("<h2 align=\"center\">%1</h2><p align=\"center\">%2</p>")
                       .arg(shopName.toHtmlEscaped(), shopAddress.toHtmlEscaped());
    html += QStringLiteral("<p>%1<br>%2</p>")
                .arg(tr("Order %1").arg(orderNumber).toHtmlEscaped(),
                     QLocale().toString(paidAt, QLocale::ShortFormat).toHtmlEscaped());
    html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\">");
    html += QStringLiteral("<tr>") + cell(tr("Item")) + cell(tr("Qty"), true) + cell(tr("Price"), true)
            + cell(tr("Amount"), true) + QStringLiteral("</tr>");
    for (const SaleLine &line : lines)
        html += QStringLiteral("<tr>") + cell(line.name) + cell(QString::number(line.quantity), true)
                + cell(line.unitPrice.toDecimalString(), true) + cell(line.subtotal().toDecimalString(), true)
                + QStringLiteral("</tr>");
    html += QStringLiteral("<tr><td colspan=\"4\"><hr></td></tr>");
    html += row(tr("Total"), total.toDecimalString(), true);
    html += row(tr("Payment"), isCash ? tr("Cash") : tr("Card"));
    if (tendered)
        html += row(tr("Tendered"), tendered->toDecimalString());
    if (change)
        html += row(tr("Change"), change->toDecimalString());
    html += QStringLiteral("</table><p align=\"center\">%1</p>").arg(tr("Thank you for your purchase!").toHtmlEscaped());
    return html;
}

void Receipt::print(QPagedPaintDevice &device) const
{
    QTextDocument document;
    document.setHtml(toHtml());
    document.print(&device);
}

QString Receipt::saveAsPdf(const QString &folder) const
{
    if (!QDir().mkpath(folder))
        return {};
    const QString path = QDir(folder).filePath(QStringLiteral("receipt-%1.pdf").arg(orderNumber));
    QPdfWriter writer(path);
    writer.setTitle(tr("Receipt %1").arg(orderNumber));
    writer.setCreator(shopName);
    writer.setPageSize(QPageSize(QPageSize::A5));
    print(writer);
    return QFileInfo(path).size() > 0 ? path : QString();
}

} // namespace shop
