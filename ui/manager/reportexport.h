#pragma once

#include "reports/reporttables.h"

#include <QImage>
#include <QString>

namespace shop::reportexport {

// Write one report to a file; empty on success, else why it failed. The
// file dialog is the caller's, so tests write without one.

// The table as CSV (reporttables::toCsv), written whole or not at all.
QString writeCsv(const QString &path, const ReportTable &table);
// An A4 PDF: the title, the lines of notes (period, what revenue means), the
// chart as it is on screen (when there is one) and the table.
QString writePdf(const QString &path, const ReportTable &table, const QStringList &notes, const QImage &chart);

} // namespace shop::reportexport
