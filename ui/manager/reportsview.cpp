#include "reportsview.h"

#include "reportcharts.h"
#include "reportexport.h"
#include "reports/reportservice.h"
#include "ui/common/backgroundtask.h"

#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace shop {

namespace {

constexpr int kDefaultDays = 30;

QByteArray shopTimeZone()
{
    return QTimeZone::systemTimeZoneId();
}

} // namespace

ReportsView::ReportsView(ReportService &reports, QWidget *parent)
    : QWidget(parent)
    , m_reports(reports)
    , m_from(new QDateEdit)
    , m_to(new QDateEdit)
    , m_granularity(new QComboBox)
    , m_show(new QPushButton(tr("&Show")))
    , m_exportCsv(new QPushButton(tr("Export &CSV…")))
    , m_exportPdf(new QPushButton(tr("Export &PDF…")))
    , m_summary(new QLabel)
    , m_errors(new QLabel)
    , m_pages(new QTabWidget)
{
    const QDate today = QDate::currentDate();
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    }
    m_from->setObjectName(QStringLiteral("reportFrom"));
    m_to->setObjectName(QStringLiteral("reportTo"));
    m_from->setDate(today.addDays(1 - kDefaultDays));
    m_to->setDate(today);
    m_granularity->setObjectName(QStringLiteral("reportGranularity"));
    m_granularity->addItem(tr("by hour"), static_cast<int>(ReportGranularity::Hour));
    m_granularity->addItem(tr("by day"), static_cast<int>(ReportGranularity::Day));
    m_granularity->addItem(tr("by week"), static_cast<int>(ReportGranularity::Week));
    m_granularity->setCurrentIndex(1);
    m_show->setObjectName(QStringLiteral("showReport"));
    m_exportCsv->setObjectName(QStringLiteral("exportCsv"));
    m_exportPdf->setObjectName(QStringLiteral("exportPdf"));
    m_exportCsv->setEnabled(false);
    m_exportPdf->setEnabled(false);
    m_summary->setObjectName(QStringLiteral("reportSummary"));
    m_summary->setToolTip(revenueDefinition());
    m_pages->setObjectName(QStringLiteral("reportPages"));

    QLabel *fromError = m_errors.add(QStringLiteral("from"));
    QLabel *toError = m_errors.add(QStringLiteral("to"));
    for (QLabel *error : {fromError, toError})
        error->setMinimumWidth(280); // "a report by hour covers at most ..." on two lines, not ten
    auto *fields = new QHBoxLayout;
    fields->addWidget(new QLabel(tr("From")), 0, Qt::AlignTop);
    fields->addWidget(FieldErrorLabels::stacked(m_from, fromError), 0, Qt::AlignTop);
    fields->addWidget(new QLabel(tr("to")), 0, Qt::AlignTop);
    fields->addWidget(FieldErrorLabels::stacked(m_to, toError), 0, Qt::AlignTop);
    fields->addWidget(m_granularity, 0, Qt::AlignTop);
    fields->addWidget(m_show, 0, Qt::AlignTop);
    fields->addStretch(1);
    fields->addWidget(m_exportCsv, 0, Qt::AlignTop);
    fields->addWidget(m_exportPdf, 0, Qt::AlignTop);

    addPage(Page::OverTime, tr("Revenue over time"), 1);
    addPage(Page::Categories, tr("By category"), 1);
    addPage(Page::TopByRevenue, tr("Top %1 by revenue").arg(kTopProducts), 1);
    addPage(Page::TopByUnits, tr("Top %1 by units").arg(kTopProducts), 1);
    addPage(Page::Payments, tr("Payment methods and channels"), 2);
    addPage(Page::PaymentProblems, tr("Failed and refunded"), 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 6);
    layout->addLayout(fields);
    layout->addWidget(m_errors.formError());
    layout->addWidget(m_summary);
    layout->addWidget(m_pages, 1);

    connect(m_show, &QPushButton::clicked, this, &ReportsView::refresh);
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { exportWithDialog(false); });
    connect(m_exportPdf, &QPushButton::clicked, this, [this] { exportWithDialog(true); });
}

QString ReportsView::revenueDefinition()
{
    return tr("Revenue: for each order whose payment succeeded, its subtotal minus what succeeded refunds "
              "paid back, counted at the order's creation time in the shop's time zone (%1). Refunds still "
              "requested or failed are not subtracted yet. Web and till (POS) orders alike; the order list "
              "filtered to the same days adds up to the same amount.")
        .arg(QString::fromLatin1(shopTimeZone()));
}

void ReportsView::addPage(Page page, const QString &title, int charts)
{
    auto *splitter = new QSplitter(Qt::Vertical);
    auto *chartRow = new QWidget;
    auto *chartLayout = new QHBoxLayout(chartRow);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    PageWidgets widgets;
    for (int i = 0; i < charts; ++i) {
        auto *view = new QChartView;
        view->setObjectName(QStringLiteral("reportChart%1_%2").arg(static_cast<int>(page)).arg(i));
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(220);
        chartLayout->addWidget(view);
        widgets.charts << view;
    }
    widgets.chartRow = chartRow;
    widgets.table = new QTableWidget;
    widgets.table->setObjectName(QStringLiteral("reportTable%1").arg(static_cast<int>(page)));
    widgets.table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    widgets.table->setAlternatingRowColors(true);
    widgets.table->verticalHeader()->hide();
    splitter->addWidget(chartRow);
    splitter->addWidget(widgets.table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    m_pages->addTab(splitter, title);
    m_pageWidgets << widgets;
}

void ReportsView::setPeriod(QDate first, QDate last, ReportGranularity granularity)
{
    m_from->setDate(first);
    m_to->setDate(last);
    m_granularity->setCurrentIndex(m_granularity->findData(static_cast<int>(granularity)));
}

ReportPeriod ReportsView::periodInFields() const
{
    return {m_from->date(), m_to->date(), static_cast<ReportGranularity>(m_granularity->currentData().toInt()),
            shopTimeZone()};
}

void ReportsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_report && !m_isLoading)
        refresh();
}

void ReportsView::refresh()
{
    m_errors.clear();
    const ReportPeriod period = periodInFields();
    if (const QList<FieldError> errors = ReportService::validate(period); !errors.isEmpty()) {
        m_errors.show(errors);
        return;
    }
    if (m_isLoading) {
        m_isStale = true;
        return;
    }
    m_isLoading = true;
    m_summary->setText(tr("Computing…"));
    ReportService &reports = m_reports;
    runInBackground(this, [&reports, period] { return reports.salesReport(period); },
                    [this](const Result<SalesReport> &report) {
                        m_isLoading = false;
                        if (m_isStale) {
                            m_isStale = false;
                            refresh();
                            return;
                        }
                        if (!report) {
                            m_summary->clear();
                            m_errors.show(report.error().fields);
                            if (report.error().fields.isEmpty())
                                m_errors.showFormError(report.error().detail);
                            return;
                        }
                        showReport(report.value());
                    });
}

void ReportsView::showReport(const SalesReport &report)
{
    m_report = report;
    const QLocale locale;
    m_summary->setText(tr("%1 to %2: revenue %3 from %4 paid orders; %5 orders placed.")
                           .arg(locale.toString(report.period.first, QLocale::ShortFormat),
                                locale.toString(report.period.last, QLocale::ShortFormat),
                                report.revenue().toDecimalString(), locale.toString(report.paidOrders()),
                                locale.toString(report.orders())));
    reportcharts::show(m_pageWidgets[0].charts[0], reportcharts::salesOverTime(report));
    reportcharts::show(m_pageWidgets[1].charts[0], reportcharts::salesByCategory(report));
    reportcharts::show(m_pageWidgets[2].charts[0],
                       reportcharts::topProducts(tr("Top products by revenue"), report.topByRevenue, false));
    reportcharts::show(m_pageWidgets[3].charts[0],
                       reportcharts::topProducts(tr("Top products by units"), report.topByUnits, true));
    reportcharts::show(m_pageWidgets[4].charts[0],
                       reportcharts::paymentShares(tr("Revenue by payment method"), report.byPaymentMethod(), false));
    reportcharts::show(m_pageWidgets[4].charts[1],
                       reportcharts::paymentShares(tr("Revenue by channel"), report.byChannel(), true));
    reportcharts::show(m_pageWidgets[5].charts[0], reportcharts::paymentProblems(report));
    for (int page = 0; page < m_pageWidgets.size(); ++page)
        showTable(static_cast<Page>(page), tableOf(static_cast<Page>(page)));
    m_exportCsv->setEnabled(true);
    m_exportPdf->setEnabled(true);
    Q_EMIT reportShown();
}

void ReportsView::showTable(Page page, const ReportTable &table)
{
    QTableWidget *widget = m_pageWidgets[static_cast<int>(page)].table;
    widget->clear();
    widget->setColumnCount(static_cast<int>(table.columns.size()));
    widget->setHorizontalHeaderLabels(table.columns);
    widget->setRowCount(static_cast<int>(table.rows.size()));
    for (int row = 0; row < table.rows.size(); ++row) {
        for (int column = 0; column < table.rows.at(row).size(); ++column)
            widget->setItem(row, column, new QTableWidgetItem(table.rows.at(row).at(column)));
    }
    widget->resizeColumnsToContents();
}

ReportTable ReportsView::tableOf(Page page) const
{
    if (!m_report)
        return {};
    switch (page) {
    case Page::OverTime:
        return reporttables::salesOverTime(*m_report);
    case Page::Categories:
        return reporttables::salesByCategory(*m_report);
    case Page::TopByRevenue:
        return reporttables::topProductsByRevenue(*m_report);
    case Page::TopByUnits:
        return reporttables::topProductsByUnits(*m_report);
    case Page::Payments:
        return reporttables::paymentMix(*m_report);
    case Page::PaymentProblems:
        return reporttables::paymentProblems(*m_report);
    }
    return {};
}

void ReportsView::showPage(Page page)
{
    m_pages->setCurrentIndex(static_cast<int>(page));
}

ReportsView::Page ReportsView::currentPage() const
{
    return static_cast<Page>(m_pages->currentIndex());
}

QString ReportsView::exportCsv(const QString &path) const
{
    if (!m_report)
        return tr("no report to export yet");
    return reportexport::writeCsv(path, tableOf(currentPage()));
}

QString ReportsView::exportPdf(const QString &path) const
{
    if (!m_report)
        return tr("no report to export yet");
    const QStringList notes{m_summary->text(), revenueDefinition()};
    const QImage chart = m_pageWidgets.at(static_cast<int>(currentPage())).chartRow->grab().toImage();
    return reportexport::writePdf(path, tableOf(currentPage()), notes, chart);
}

void ReportsView::exportWithDialog(bool pdf)
{
    const QString suffix = pdf ? QStringLiteral("pdf") : QStringLiteral("csv");
    const QString name = tableOf(currentPage()).title.toLower().replace(u' ', u'-') + u'.' + suffix;
    const QString path = QFileDialog::getSaveFileName(this, pdf ? tr("Export PDF") : tr("Export CSV"), name,
                                                      pdf ? tr("PDF (*.pdf)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    const QString error = pdf ? exportPdf(path) : exportCsv(path);
    Q_EMIT statusMessage(error.isEmpty() ? tr("Saved %1").arg(path) : tr("Could not save %1: %2").arg(path, error));
}

} // namespace shop
