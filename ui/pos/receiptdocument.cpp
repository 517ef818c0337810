#include "receiptdocument.h"
#include "ui/common/moneyformat.h"

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

namespace receiptdocument {

QString toHtml(const Receipt &receipt)
{
    QString html = QStringLiteral("<h2 align=\"center\">%1</h2><p align=\"center\">%2</p>")
                       .arg(receipt.shopName.toHtmlEscaped(), receipt.shopAddress.toHtmlEscaped());
    html += QStringLiteral("<p>");
    if (receipt.receiptNumber)
        html += tr("Receipt %1").arg(*receipt.receiptNumber).toHtmlEscaped() + QStringLiteral("<br>");
    html += QStringLiteral("%1<br>%2").arg(tr("Order %1").arg(receipt.orderNumber).toHtmlEscaped(),
                                              QLocale().toString(receipt.paidAt, QLocale::ShortFormat).toHtmlEscaped());
    if (!receipt.cashier.isEmpty())
        html += QStringLiteral("<br>") + tr("Cashier %1").arg(receipt.cashier).toHtmlEscaped();
    if (receipt.shift)
        html += QStringLiteral("<br>") + tr("Shift %1").arg(*receipt.shift).toHtmlEscaped();
    html += QStringLiteral("</p>");
    html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\">");
    html += QStringLiteral("<tr>") + cell(tr("Item")) + cell(tr("Qty"), true) + cell(tr("Price"), true)
            + cell(tr("Amount"), true) + QStringLiteral("</tr>");
    for (const SaleLine &line : receipt.lines)
        html += QStringLiteral("<tr>") + cell(line.name) + cell(QString::number(line.quantity), true)
                + cell(formatMoney(line.unitPrice), true) + cell(formatMoney(line.subtotal()), true)
                + QStringLiteral("</tr>");
    html += QStringLiteral("<tr><td colspan=\"4\"><hr></td></tr>");
    html += row(tr("Total"), formatMoney(receipt.total), true);
    html += row(tr("Payment"), receipt.isCash ? tr("Cash") : tr("Card"));
    if (receipt.tendered)
        html += row(tr("Tendered"), formatMoney(*receipt.tendered));
    if (receipt.change)
        html += row(tr("Change"), formatMoney(*receipt.change));
    html += QStringLiteral("</table><p align=\"center\">%1</p>").arg(tr("Thank you for your purchase!").toHtmlEscaped());
    return html;
}

void print(const Receipt &receipt, QPagedPaintDevice &device)
{
    QTextDocument document;
    document.setHtml(toHtml(receipt));
    document.print(&device);
}

QString saveAsPdf(const Receipt &receipt, const QString &folder)
{
    if (!QDir().mkpath(folder))
        return {};
    const QString path = QDir(folder).filePath(QStringLiteral("receipt-%1.pdf").arg(receipt.orderNumber));
    QPdfWriter writer(path);
    writer.setTitle(tr("Receipt %1").arg(receipt.orderNumber));
    writer.setCreator(receipt.shopName);
    writer.setPageSize(QPageSize(QPageSize::A5));
    print(receipt, writer);
    return QFileInfo(path).size() > 0 ? path : QString();
}

} // namespace receiptdocument

} // namespace shop
