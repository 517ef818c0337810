#include "returnreceipt.h"

#include "core/ids.h"

#include <QCoreApplication>

namespace shop {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("shop::ReturnReceipt", text);
}

struct Row
{
    QString label;
    QString value;
};

QList<Row> rowsOf(const ReturnOutcome &outcome)
{
    QList<Row> rows;
    rows.append({tr("Order"), outcome.orderNumber});
    if (outcome.receiptNumber)
        rows.append({tr("Receipt"), QString::number(*outcome.receiptNumber)});
    rows.append({tr("Date"), outcome.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))});
    rows.append({tr("Cashier"), outcome.cashier});
    if (!outcome.authorisedBy.isEmpty())
        rows.append({tr("Authorised by"), outcome.authorisedBy});
    return rows;
}

QString refundedTo(const ReturnOutcome &outcome)
{
    return outcome.isCash ? tr("Cash") : tr("Card");
}

} // namespace

QStringList returnReceiptLines(const ReturnOutcome &outcome, const QString &shopName)
{
    QStringList lines{shopName, tr("RETURN")};
    for (const Row &row : rowsOf(outcome))
        lines.append(QStringLiteral("%1: %2").arg(row.label, row.value));
    for (const auto &[item, quantity] : outcome.lines)
        lines.append(QStringLiteral("%1  %2 x %3  -%4")
                         .arg(item.name)
                         .arg(quantity)
                         .arg(item.unitPrice.toDecimalString(), (item.unitPrice * quantity).toDecimalString()));
    lines.append(QStringLiteral("%1: -%2").arg(tr("REFUND"), outcome.amount.toDecimalString()));
    lines.append(QStringLiteral("%1: %2").arg(tr("Refunded to"), refundedTo(outcome)));
    lines.append(QStringLiteral("%1: %2").arg(tr("Refund"), idText(outcome.refundId)));
    return lines;
}

QByteArray escPosReturnReceipt(const ReturnOutcome &outcome, const QString &shopName,
                               const ReceiptPrinterFormat &format, CashDrawer drawer)
{
    EscPosWriter out(format.charset, format.columns);
    out.initialize();
    if (drawer == CashDrawer::Open)
        out.kickDrawer();
    out.align(EscPosWriter::Align::Center).doubleSize(true).line(shopName).line(tr("RETURN")).doubleSize(false);
    out.align(EscPosWriter::Align::Left).line();
    for (const Row &row : rowsOf(outcome))
        out.row(row.label, row.value);
    out.rule();
    for (const auto &[item, quantity] : outcome.lines) {
        out.line(item.name);
        out.row(QStringLiteral("  %1 x %2").arg(quantity).arg(item.unitPrice.toDecimalString()),
                QStringLiteral("-") + (item.unitPrice * quantity).toDecimalString());
    }
    out.rule();
    out.bold(true).row(tr("REFUND"), QStringLiteral("-") + outcome.amount.toDecimalString()).bold(false);
    out.row(tr("Refunded to"), refundedTo(outcome));
    out.line();
    out.align(EscPosWriter::Align::Center).code128(outcome.orderNumber);
    out.feed(3).cut();
    return out.bytes();
}

} // namespace shop
