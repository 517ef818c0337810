#pragma once

#include "reports/reporttables.h"
#include "reports/reporttypes.h"
#include "ui/common/fielderrors.h"

#include <QList>
#include <QWidget>

#include <optional>

class QChartView;
class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace shop {

class ReportService;

// The Reports tab: a period (days in this machine's time zone, the shop's)
// and a granularity, and the sales report over it, one page per report with
// its chart(s) and its table. The report is computed by the database on the
// thread pool; each page exports to CSV and PDF.
class ReportsView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReportsView)

public:
    enum class Page { OverTime, Categories, TopByRevenue, TopByUnits, Payments, PaymentProblems };

    ReportsView(ReportService &reports, QWidget *parent = nullptr);

    // What revenue means, for tooltips and the PDF.
    static QString revenueDefinition();

    void setPeriod(QDate first, QDate last, ReportGranularity granularity);
    // Computes the report for the period in the fields (refused with a
    // message next to the field when it is too long). Asked again while one
    // is computed, it computes once more when that one is back and shows
    // only the newer one. The tab computes the default period (the last 30
    // days by day) when it is first shown.
    void refresh();
    void showPage(Page page);
    Page currentPage() const;
    // The shown report's current page; empty on success, else why not.
    QString exportCsv(const QString &path) const;
    QString exportPdf(const QString &path) const;

Q_SIGNALS:
    // A report was computed and drawn (tests wait for it).
    void reportShown();
    void statusMessage(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct PageWidgets
    {
        QWidget *chartRow = nullptr; // the charts side by side, as the PDF shows them
        QList<QChartView *> charts;
        QTableWidget *table = nullptr;
    };

    ReportPeriod periodInFields() const;
    void showReport(const SalesReport &report);
    void showTable(Page page, const ReportTable &table);
    ReportTable tableOf(Page page) const;
    void exportWithDialog(bool pdf);
    void addPage(Page page, const QString &title, int charts);

    ReportService &m_reports;
    std::optional<SalesReport> m_report;
    bool m_isLoading = false;
    bool m_isStale = false; // the fields changed while a report was computed
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QComboBox *m_granularity = nullptr;
    QPushButton *m_show = nullptr;
    QPushButton *m_exportCsv = nullptr;
    QPushButton *m_exportPdf = nullptr;
    QLabel *m_summary = nullptr;
    FieldErrorLabels m_errors;
    QTabWidget *m_pages = nullptr;
    QList<PageWidgets> m_pageWidgets;
};

} // namespace shop
