#include "reporttables.h"

namespace shop::reporttables {

namespace {

QString bucketText(const QDateTime &start, ReportGranularity granularity)
{
    return granularity == ReportGranularity::Hour ? start.toString(QStringLiteral("yyyy-MM-ddTHH:mm"))
                                                  : start.date().toString(Qt::ISODate);
}

QString number(qint64 value)
{
    return QString::number(value);
}

ReportTable productTable(const QString &title, const QList<ProductSales> &products)
{
    ReportTable table{title, {QStringLiteral("Rank"), QStringLiteral("SKU"), QStringLiteral("Product"),
                              QStringLiteral("Units"), QStringLiteral("Revenue")}, {}};
    for (qsizetype i = 0; i < products.size(); ++i) {
        const ProductSales &product = products.at(i);
        table.rows.append({number(i + 1), product.sku, product.name, number(product.units),
                           product.revenue.toDecimalString()});
    }
    return table;
}

QByteArray csvField(const QString &field)
{
    const QByteArray utf8 = field.toUtf8();
    if (!field.contains(u',') && !field.contains(u'"') && !field.contains(u'\n') && !field.contains(u'\r'))
        return utf8;
    QByteArray quoted = utf8;
    quoted.replace("\"", "\"\"");
    return '"' + quoted + '"';
}

QByteArray csvLine(const QStringList &fields)
{
    QByteArray line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line += ',';
        line += csvField(fields.at(i));
    }
    return line + "\r\n";
}

} // namespace

ReportTable salesOverTime(const SalesReport &report)
{
    ReportTable table{QStringLiteral("Revenue and orders over time"),
                      {QStringLiteral("Period start"), QStringLiteral("Orders"), QStringLiteral("Paid orders"),
                       QStringLiteral("Revenue")},
                      {}};
    for (const SalesBucket &bucket : report.overTime)
        table.rows.append({bucketText(bucket.start, report.period.granularity), number(bucket.orders),
                           number(bucket.paidOrders), bucket.revenue.toDecimalString()});
    return table;
}

ReportTable salesByCategory(const SalesReport &report)
{
    ReportTable table{QStringLiteral("Sales by category"),
                      {QStringLiteral("Category"), QStringLiteral("Units"), QStringLiteral("Revenue")},
                      {}};
    for (const CategorySales &category : report.byCategory)
        table.rows.append({category.category, number(category.units), category.revenue.toDecimalString()});
    return table;
}

ReportTable topProductsByRevenue(const SalesReport &report)
{
    return productTable(QStringLiteral("Top products by revenue"), report.topByRevenue);
}

ReportTable topProductsByUnits(const SalesReport &report)
{
    return productTable(QStringLiteral("Top products by units"), report.topByUnits);
}

ReportTable paymentMix(const SalesReport &report)
{
    ReportTable table{QStringLiteral("Payment methods and channels"),
                      {QStringLiteral("Channel"), QStringLiteral("Payment method"), QStringLiteral("Paid orders"),
                       QStringLiteral("Revenue")},
                      {}};
    for (const PaymentMix &row : report.paymentMix)
        table.rows.append({row.channel, row.paymentMethod, number(row.paidOrders), row.revenue.toDecimalString()});
    return table;
}

ReportTable paymentProblems(const SalesReport &report)
{
    ReportTable table{QStringLiteral("Failed and refunded payments"),
                      {QStringLiteral("Period start"), QStringLiteral("Failed payments"),
                       QStringLiteral("Failed amount"), QStringLiteral("Refunds"), QStringLiteral("Refunded amount")},
                      {}};
    for (const PaymentProblemsBucket &bucket : report.paymentProblems)
        table.rows.append({bucketText(bucket.start, report.period.granularity), number(bucket.failedPayments),
                           bucket.failedAmount.toDecimalString(), number(bucket.refunds),
                           bucket.refundedAmount.toDecimalString()});
    return table;
}

QByteArray toCsv(const ReportTable &table)
{
    QByteArray csv = csvLine(table.columns);
    for (const QStringList &row : table.rows)
        csv += csvLine(row);
    return csv;
}

} // namespace shop::reporttables
