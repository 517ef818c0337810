#include "shiftreportdialog.h"

#include "shiftreportdocument.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace shop {

ShiftReportDialog::ShiftReportDialog(const ShiftReport &report, const QString &shopName, const QString &pdfFolder,
                                     std::function<void(const ShiftReport &)> printOnReceiptPrinter, QWidget *parent)
    : QDialog(parent)
    , m_report(report)
    , m_shopName(shopName)
    , m_pdfPath(shiftreportdocument::saveAsPdf(report, shopName, pdfFolder))
{
    setWindowTitle(report.isZ() ? tr("Z-report of %1").arg(report.shift.terminal)
                                : tr("X-report of %1").arg(report.shift.terminal));
    auto *view = new QTextBrowser(this);
    view->setObjectName(QStringLiteral("report"));
    view->setHtml(shiftreportdocument::toHtml(report, shopName));
    auto *saved = new QLabel(this);
    saved->setObjectName(QStringLiteral("savedAs"));
    saved->setTextFormat(Qt::PlainText);
    saved->setWordWrap(true);
    saved->setText(m_pdfPath.isEmpty() ? tr("The PDF could not be saved in %1.").arg(pdfFolder)
                                       : tr("Saved as %1").arg(m_pdfPath));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("close"));
    if (printOnReceiptPrinter) {
        auto *receiptPrinter = buttons->addButton(tr("Print on receipt printer"), QDialogButtonBox::ActionRole);
        receiptPrinter->setObjectName(QStringLiteral("printReceipt"));
        connect(receiptPrinter, &QPushButton::clicked, this,
                [this, print = std::move(printOnReceiptPrinter)] { print(m_report); });
    }
    auto *paper = buttons->addButton(tr("Print…"), QDialogButtonBox::ActionRole);
    paper->setObjectName(QStringLiteral("print"));
    connect(paper, &QPushButton::clicked, this, &ShiftReportDialog::printOnPaper);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(view, 1);
    layout->addWidget(saved);
    layout->addWidget(buttons);
    resize(540, 880); // the whole report, difference included, without scrolling
}

void ShiftReportDialog::printOnPaper()
{
    QPrinter printer(QPrinter::HighResolution);
    QPrintDialog dialog(&printer, this);
    if (dialog.exec() == QDialog::Accepted)
        shiftreportdocument::print(m_report, m_shopName, printer);
}

} // namespace shop
