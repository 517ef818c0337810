#pragma once

#include "pos/shifttypes.h"

#include <QString>

class QPagedPaintDevice;

namespace shop {

// An X- or Z-report as a page (screen, paper, PDF), with the lines the
// receipt printer gets (shiftReportLines).
namespace shiftreportdocument {

QString toHtml(const ShiftReport &report, const QString &shopName);
void print(const ShiftReport &report, const QString &shopName, QPagedPaintDevice &device);
// Saves it as folder/x-report-… or z-report-<terminal>-<shift>.pdf; the path,
// or "" when it could not be written.
QString saveAsPdf(const ShiftReport &report, const QString &shopName, const QString &folder);

} // namespace shiftreportdocument

} // namespace shop
