#pragma once

#include "pos/shifttypes.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;

namespace shop {

class ShiftService;
class TillPrinter;

// The till's shift, in a strip above the sale: whether one is open (since
// when, by whom, with what float) and the buttons of the till's day: open
// a shift, cash in or out, X-report, close with the count and its Z-report.
// Reports are shown, saved as PDF in reportFolder and printed on the
// receipt printer when there is one. Every service call runs off the GUI
// thread.
class ShiftPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShiftPanel)

public:
    ShiftPanel(ShiftService &shifts, QString terminal, QString shopName, QString reportFolder, TillPrinter &printer,
               QWidget *parent = nullptr);

    // Who does what the buttons do from now on.
    void setActor(const QString &actor) { m_actor = actor; }
    bool hasOpenShift() const { return m_shift.has_value(); }
    const std::optional<Shift> &shift() const { return m_shift; }

    // Reads the terminal's open shift again.
    void refresh();
    void openShift();
    void recordCash();
    void showXReport();
    void closeShift();
    // Journals a login at the till (isLogin) or a logout; nothing waits for it.
    void journalSession(const QString &actor, bool isLogin);

Q_SIGNALS:
    void shiftChanged(bool isOpen);
    void message(const QString &text);

private:
    void showShift(const std::optional<Shift> &shift);
    void showReport(const ShiftReport &report);
    QPushButton *button(const QString &text, const QString &name, const QKeySequence &shortcut);

    ShiftService &m_shifts;
    QString m_terminal;
    QString m_shopName;
    QString m_reportFolder;
    TillPrinter &m_printer;
    QString m_actor;
    std::optional<Shift> m_shift;
    QLabel *m_state = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_cash = nullptr;
    QPushButton *m_xReport = nullptr;
    QPushButton *m_close = nullptr;
};

} // namespace shop
