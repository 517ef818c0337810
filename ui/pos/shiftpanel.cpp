#include "shiftpanel.h"

#include "pos/shiftservice.h"
#include "shiftdialogs.h"
#include "tillprinter.h"
#include "ui/common/backgroundtask.h"
#include "ui/common/shiftreportdialog.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>

namespace shop {

ShiftPanel::ShiftPanel(ShiftService &shifts, QString terminal, QString shopName, QString reportFolder,
                       TillPrinter &printer, QWidget *parent)
    : QWidget(parent)
    , m_shifts(shifts)
    , m_terminal(std::move(terminal))
    , m_shopName(std::move(shopName))
    , m_reportFolder(std::move(reportFolder))
    , m_printer(printer)
    , m_state(new QLabel(this))
{
    m_state->setObjectName(QStringLiteral("shiftState"));
    QFont font = m_state->font();
    font.setPointSize(14);
    font.setBold(true);
    m_state->setFont(font);
    m_open = button(tr("Open shift  (F9)"), QStringLiteral("openShift"), QKeySequence(Qt::Key_F9));
    m_cash = button(tr("Cash in/out  (F10)"), QStringLiteral("cashMovement"), QKeySequence(Qt::Key_F10));
    m_xReport = button(tr("X-report"), QStringLiteral("xReport"), QKeySequence());
    m_close = button(tr("Close shift"), QStringLiteral("closeShift"), QKeySequence());
    connect(m_open, &QPushButton::clicked, this, &ShiftPanel::openShift);
    connect(m_cash, &QPushButton::clicked, this, &ShiftPanel::recordCash);
    connect(m_xReport, &QPushButton::clicked, this, &ShiftPanel::showXReport);
    connect(m_close, &QPushButton::clicked, this, &ShiftPanel::closeShift);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_state, 1);
    for (QPushButton *each : {m_open, m_cash, m_xReport, m_close})
        layout->addWidget(each);
    showShift(std::nullopt);
    m_state->setText(tr("Reading the shift…"));
}

QPushButton *ShiftPanel::button(const QString &text, const QString &name, const QKeySequence &shortcut)
{
    auto *each = new QPushButton(text, this);
    each->setObjectName(name);
    each->setMinimumHeight(40);
    each->setFocusPolicy(Qt::NoFocus); // the SKU field keeps the focus
    if (!shortcut.isEmpty()) {
        auto *key = new QShortcut(shortcut, window());
        connect(key, &QShortcut::activated, each, &QPushButton::animateClick);
    }
    return each;
}

void ShiftPanel::refresh()
{
    ShiftService *shifts = &m_shifts;
    runInBackground(this, [shifts, terminal = m_terminal] { return shifts->openShift(terminal); },
                    [this](const Result<std::optional<Shift>> &shift) {
                        if (!shift) {
                            m_state->setText(tr("Could not read the shift: %1").arg(shift.error().detail));
                            return;
                        }
                        showShift(shift.value());
                    });
}

void ShiftPanel::showShift(const std::optional<Shift> &shift)
{
    const bool wasOpen = m_shift.has_value();
    m_shift = shift;
    m_open->setVisible(!shift);
    m_cash->setEnabled(shift.has_value());
    m_xReport->setEnabled(shift.has_value());
    m_close->setEnabled(shift.has_value());
    if (shift)
        m_state->setText(tr("Shift open since %1 by %2, float %3")
                             .arg(shift->openedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                  shift->openedBy, shift->openingFloat.toDecimalString()));
    else
        m_state->setText(tr("No shift open: open one (F9) before selling."));
    if (wasOpen != shift.has_value())
        Q_EMIT shiftChanged(shift.has_value());
}

void ShiftPanel::openShift()
{
    if (m_shift)
        return;
    auto *dialog = new OpenShiftDialog({m_shifts, m_terminal, m_actor}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        showShift(dialog->openedShift());
        Q_EMIT message(tr("Shift opened with a float of %1.").arg(dialog->openedShift()->openingFloat.toDecimalString()));
    });
    dialog->open();
}

void ShiftPanel::recordCash()
{
    if (!m_shift)
        return;
    auto *dialog = new CashMovementDialog({m_shifts, m_terminal, m_actor}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const CashMovement &movement = *dialog->recorded();
        Q_EMIT message(tr("Cash %1 %2 recorded: %3")
                           .arg(movement.kind == kCashIn ? tr("in") : tr("out"), movement.amount.toDecimalString(),
                                movement.reason));
        if (movement.kind == kCashOut && m_printer.isSetUp())
            m_printer.openCashDrawer(); // a paid-out leaves the drawer
    });
    dialog->open();
}

void ShiftPanel::showXReport()
{
    if (!m_shift)
        return;
    ShiftService *shifts = &m_shifts;
    runInBackground(this, [shifts, terminal = m_terminal, actor = m_actor] { return shifts->xReport(terminal, actor); },
                    [this](const Result<ShiftReport> &report) {
                        if (!report) {
                            Q_EMIT message(tr("No X-report: %1").arg(report.error().detail));
                            return;
                        }
                        showReport(report.value());
                    });
}

void ShiftPanel::closeShift()
{
    if (!m_shift)
        return;
    auto *dialog = new CloseShiftDialog({m_shifts, m_terminal, m_actor}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const ShiftReport report = *dialog->zReport();
        showShift(std::nullopt);
        Q_EMIT message(tr("Shift closed: counted %1, expected %2, difference %3.")
                           .arg(report.shift.close->counted.toDecimalString(), report.expectedCash.toDecimalString(),
                                report.shift.close->difference.toDecimalString()));
        if (m_printer.isSetUp())
            m_printer.printShiftReport(report, m_shopName);
        showReport(report);
    });
    dialog->open();
}

void ShiftPanel::showReport(const ShiftReport &report)
{
    auto *dialog = new ShiftReportDialog(
        report, m_shopName, m_reportFolder,
        [this](const ShiftReport &shown) { m_printer.printShiftReport(shown, m_shopName); }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ShiftPanel::journalSession(const QString &actor, bool isLogin)
{
    ShiftService *shifts = &m_shifts;
    runInBackground(this, [shifts, terminal = m_terminal, actor, isLogin] {
        return shifts->recordSession(terminal, actor, isLogin);
    }, [this](const Result<Done> &journaled) {
        if (!journaled)
            Q_EMIT message(tr("Could not journal the login or logout: %1").arg(journaled.error().detail));
    });
}

} // namespace shop
