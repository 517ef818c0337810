#pragma once

#include "pos/shifttypes.h"

#include <QDialog>

#include <functional>

class QLabel;

namespace shop {

// Shows an X- or Z-report, saved at once as PDF in pdfFolder, with a
// button to print it on paper and, at the till, one to print it on the
// receipt printer (printOnReceiptPrinter, when given).
class ShiftReportDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShiftReportDialog)

public:
    ShiftReportDialog(const ShiftReport &report, const QString &shopName, const QString &pdfFolder,
                      std::function<void(const ShiftReport &)> printOnReceiptPrinter = {}, QWidget *parent = nullptr);

    // Where the PDF went; "" when it could not be saved.
    const QString &pdfPath() const { return m_pdfPath; }

private:
    void printOnPaper();

    ShiftReport m_report;
    QString m_shopName;
    QString m_pdfPath;
};

} // namespace shop
