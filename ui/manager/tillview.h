#pragma once

#include "pos/shifttypes.h"

#include <QWidget>

class QDateEdit;
class QLabel;
class QPushButton;
class QTableWidget;

namespace shop {

class ShiftService;

// The tills' days for a manager: the closed shifts, newest first, with the
// difference each close found and a reprint of its Z-report; and one day of
// the terminal journal, a page at a time.
class TillView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TillView)

public:
    static constexpr int kShiftPageSize = 50;
    static constexpr int kJournalPageSize = 200;

    TillView(ShiftService &shifts, QString manager, QString reportFolder, QWidget *parent = nullptr);

    void refresh();
    // Shows the journal of day from its start.
    void showJournal(QDate day);
    // Reprints the Z-report of the closed shift in that row of the list.
    void reprintZReport(int row);

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    QWidget *buildShifts();
    QWidget *buildJournal();
    void loadShifts(qint64 offset);
    void loadJournal(QDate day, qint64 afterId);
    void showShifts(const ShiftPage &page, qint64 offset);

    ShiftService &m_shifts;
    QString m_manager;
    QString m_reportFolder;
    QList<Shift> m_shown;
    qint64 m_offset = 0;
    QTableWidget *m_shiftTable = nullptr;
    QLabel *m_shiftStatus = nullptr;
    QPushButton *m_newer = nullptr;
    QPushButton *m_older = nullptr;
    QDateEdit *m_day = nullptr;
    QTableWidget *m_journalTable = nullptr;
    QPushButton *m_more = nullptr;
    std::optional<qint64> m_nextAfterId;
};

} // namespace shop
