#include "tillview.h"

#include "pos/shiftservice.h"
#include "ui/common/backgroundtask.h"
#include "ui/common/shiftreportdialog.h"

#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace shop {

namespace {

QString when(const QDateTime &time)
{
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QTableWidget *table(const QString &name, const QStringList &headers, QWidget *parent)
{
    auto *widget = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    widget->setObjectName(name);
    widget->setHorizontalHeaderLabels(headers);
    widget->setEditTriggers(QAbstractItemView::NoEditTriggers);
    widget->setSelectionBehavior(QAbstractItemView::SelectRows);
    widget->setSelectionMode(QAbstractItemView::SingleSelection);
    widget->verticalHeader()->hide();
    widget->horizontalHeader()->setStretchLastSection(true);
    return widget;
}

void setRow(QTableWidget *widget, int row, const QStringList &cells)
{
    for (int column = 0; column < cells.size(); ++column)
        widget->setItem(row, column, new QTableWidgetItem(cells.at(column)));
}

} // namespace

TillView::TillView(ShiftService &shifts, QString manager, QString reportFolder, QWidget *parent)
    : QWidget(parent)
    , m_shifts(shifts)
    , m_manager(std::move(manager))
    , m_reportFolder(std::move(reportFolder))
{
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(buildShifts());
    splitter->addWidget(buildJournal());
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
}

QWidget *TillView::buildShifts()
{
    auto *box = new QWidget(this);
    auto *title = new QLabel(tr("<b>Closed shifts</b>"), box);
    m_shiftTable = table(QStringLiteral("closedShifts"),
                         {tr("Terminal"), tr("Opened"), tr("Closed"), tr("By"), tr("Float"), tr("Expected"),
                          tr("Counted"), tr("Difference")},
                         box);
    connect(m_shiftTable, &QTableWidget::cellDoubleClicked, this, [this](int row, int) { reprintZReport(row); });
    m_shiftStatus = new QLabel(box);
    m_shiftStatus->setObjectName(QStringLiteral("shiftStatus"));
    auto *reprint = new QPushButton(tr("Reprint Z-report"), box);
    reprint->setObjectName(QStringLiteral("reprintZ"));
    connect(reprint, &QPushButton::clicked, this, [this] { reprintZReport(m_shiftTable->currentRow()); });
    m_newer = new QPushButton(tr("Newer"), box);
    m_older = new QPushButton(tr("Older"), box);
    connect(m_newer, &QPushButton::clicked, this, [this] { loadShifts(std::max<qint64>(0, m_offset - kShiftPageSize)); });
    connect(m_older, &QPushButton::clicked, this, [this] { loadShifts(m_offset + kShiftPageSize); });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_shiftStatus, 1);
    buttons->addWidget(m_newer);
    buttons->addWidget(m_older);
    buttons->addWidget(reprint);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(title);
    layout->addWidget(m_shiftTable, 1);
    layout->addLayout(buttons);
    return box;
}

QWidget *TillView::buildJournal()
{
    auto *box = new QWidget(this);
    auto *title = new QLabel(tr("<b>Terminal journal of</b>"), box);
    m_day = new QDateEdit(QDate::currentDate(), box);
    m_day->setObjectName(QStringLiteral("journalDay"));
    m_day->setCalendarPopup(true);
    m_day->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    connect(m_day, &QDateEdit::dateChanged, this, &TillView::showJournal);
    m_journalTable = table(QStringLiteral("journal"),
                           {tr("Time"), tr("Terminal"), tr("Who"), tr("What"), tr("Reference"), tr("Amount"),
                            tr("Details")},
                           box);
    m_more = new QPushButton(tr("More"), box);
    m_more->setObjectName(QStringLiteral("moreJournal"));
    connect(m_more, &QPushButton::clicked, this, [this] {
        if (m_nextAfterId)
            loadJournal(m_day->date(), *m_nextAfterId);
    });
    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addWidget(m_day);
    top->addStretch(1);
    top->addWidget(m_more);
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(top);
    layout->addWidget(m_journalTable, 1);
    return box;
}

void TillView::refresh()
{
    loadShifts(m_offset);
    showJournal(m_day->date());
}

void TillView::loadShifts(qint64 offset)
{
    ShiftService *shifts = &m_shifts;
    runInBackground(this, [shifts, offset] { return shifts->closedShifts(offset, kShiftPageSize); },
                    [this, offset](const Result<ShiftPage> &page) {
                        if (!page) {
                            m_shiftStatus->setText(tr("Could not list the shifts: %1").arg(page.error().detail));
                            return;
                        }
                        showShifts(page.value(), offset);
                    });
}

void TillView::showShifts(const ShiftPage &page, qint64 offset)
{
    m_offset = offset;
    m_shown = page.items;
    m_shiftTable->setRowCount(static_cast<int>(page.items.size()));
    for (int row = 0; row < page.items.size(); ++row) {
        const Shift &shift = page.items.at(row);
        const ShiftClose &close = *shift.close;
        setRow(m_shiftTable, row,
               {shift.terminal, when(shift.openedAt), when(close.closedAt),
                shift.openedBy == close.closedBy ? shift.openedBy : shift.openedBy + QStringLiteral(" / ") + close.closedBy,
                shift.openingFloat.toDecimalString(), close.expected.toDecimalString(), close.counted.toDecimalString(),
                close.difference.toDecimalString()});
        if (close.difference.cents() != 0)
            m_shiftTable->item(row, 7)->setForeground(QColor(0xb0, 0x00, 0x20));
    }
    m_shiftTable->resizeColumnsToContents();
    if (!page.items.isEmpty())
        m_shiftTable->selectRow(0);
    m_shiftStatus->setText(page.total == 0 ? tr("No shift closed yet.")
                                           : tr("%1–%2 of %3 closed shifts")
                                                 .arg(offset + 1)
                                                 .arg(offset + page.items.size())
                                                 .arg(page.total));
    m_newer->setEnabled(offset > 0);
    m_older->setEnabled(offset + page.items.size() < page.total);
}

void TillView::reprintZReport(int row)
{
    if (row < 0 || row >= m_shown.size())
        return;
    ShiftService *shifts = &m_shifts;
    runInBackground(this, [shifts, id = m_shown.at(row).id, manager = m_manager] { return shifts->zReport(id, manager); },
                    [this](const Result<ShiftReport> &report) {
                        if (!report) {
                            Q_EMIT statusMessage(tr("No Z-report: %1").arg(report.error().detail));
                            return;
                        }
                        auto *dialog = new ShiftReportDialog(report.value(), QString(), m_reportFolder, {}, this);
                        dialog->setAttribute(Qt::WA_DeleteOnClose);
                        dialog->open();
                    });
}

void TillView::showJournal(QDate day)
{
    m_journalTable->setRowCount(0);
    m_nextAfterId.reset();
    loadJournal(day, 0);
}

void TillView::loadJournal(QDate day, qint64 afterId)
{
    ShiftService *shifts = &m_shifts;
    runInBackground(this, [shifts, day, afterId] { return shifts->journal(day, afterId, kJournalPageSize); },
                    [this, day](const Result<JournalPage> &page) {
                        if (day != m_day->date())
                            return; // another day was chosen meanwhile
                        if (!page) {
                            Q_EMIT statusMessage(tr("Could not list the journal: %1").arg(page.error().detail));
                            return;
                        }
                        int row = m_journalTable->rowCount();
                        m_journalTable->setRowCount(row + static_cast<int>(page->items.size()));
                        for (const JournalEntry &entry : page->items)
                            setRow(m_journalTable, row++,
                                   {entry.recordedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")), entry.terminal,
                                    entry.actor, entry.kind, entry.reference,
                                    entry.amount ? entry.amount->toDecimalString() : QString(), entry.details});
                        m_journalTable->resizeColumnsToContents();
                        m_nextAfterId = page->nextAfterId;
                        m_more->setEnabled(m_nextAfterId.has_value());
                    });
}

} // namespace shop
