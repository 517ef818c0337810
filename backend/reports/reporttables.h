#pragma once

#include "reporttypes.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace shop {

// A report as the rows it exports: what the CSV file holds and the PDF's
// table shows. Amounts as decimals ("45.48"), times in ISO 8601 wall-clock
// time of the shop's zone ("2026-11-30T14:00").
struct ReportTable
{
    QString title;
    QStringList columns;
    QList<QStringList> rows;
};

namespace reporttables {

ReportTable salesOverTime(const SalesReport &report);
ReportTable salesByCategory(const SalesReport &report);
ReportTable topProductsByRevenue(const SalesReport &report);
ReportTable topProductsByUnits(const SalesReport &report);
ReportTable paymentMix(const SalesReport &report);
ReportTable paymentProblems(const SalesReport &report);

// RFC 4180: a header line, then one line per row, CRLF, fields quoted when
// they hold a comma, a quote or a line break. UTF-8.
QByteArray toCsv(const ReportTable &table);

} // namespace reporttables

} // namespace shop
