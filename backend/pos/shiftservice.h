#pragma once

#include "core/errors.h"
#include "shiftrepository.h"
#include "shifttypes.h"
#include "tilljournal.h"

#include <QDate>

namespace shop {

class Database;
class Transaction;

// The till's day at one terminal: open a shift with a counted float, put
// cash in or take it out, record each paid sale, read the X-report, close
// with a count (the engine works out what the drawer should hold and keeps
// the difference) and the Z-report; and the journal of it all. Managers list
// closed shifts and a day of the journal.
//
// A terminal has at most one open shift. Opening and closing take the
// terminal's row lock exclusively; adding to the open shift takes it shared,
// so nothing lands in a shift while it closes. Every change writes its
// journal line in the same transaction.
class ShiftService
{
public:
    static constexpr qint64 kMaxCashCents = 100'000'000; // 1 000 000.00: no drawer holds more
    static constexpr int kMaxReasonLength = 200;
    static constexpr int kMaxDenominations = 30;
    static constexpr int kMaxClosedShiftsPage = 100;

    explicit ShiftService(Database &database);

    // The terminal's open shift; nullopt when it has none.
    Result<std::optional<Shift>> openShift(const QString &terminal);
    // Conflict when the terminal already has an open shift.
    Result<Shift> open(const QString &terminal, const QString &actor, Money openingFloat);
    // kind kCashIn or kCashOut; Conflict with no open shift, or when more
    // cash would go out than the drawer should hold.
    Result<CashMovement> recordCash(const QString &terminal, const QString &actor, const QString &kind, Money amount,
                                    const QString &reason);
    // Closes the open shift; answers its Z-report.
    Result<ShiftReport> close(const QString &terminal, const QString &actor, const CashCount &count);

    // The open shift's report so far (X), journaled.
    Result<ShiftReport> xReport(const QString &terminal, const QString &actor);
    // A closed shift's Z-report again (a reprint), journaled.
    Result<ShiftReport> zReport(const QUuid &shiftId, const QString &actor);
    Result<ShiftPage> closedShifts(qint64 offset, int limit);

    // Records a paid till sale in the terminal's open shift and journals it.
    // Recording the same order again answers its first record, so a sale
    // paid for twice over (the till asked again) keeps one receipt number.
    // Conflict when the terminal has no open shift.
    Result<RecordedSale> recordSale(const TillSale &sale);

    // A login at the till (isLogin) or a logout, lock or close.
    Result<Done> recordSession(const QString &terminal, const QString &actor, bool isLogin);

    // A day of the journal, a page at a time (limit 1..TillJournal::kMaxPageSize).
    Result<JournalPage> journal(QDate day, qint64 afterId, int limit);

private:
    Result<Done> checkTerminal(const QString &terminal, const QString &actor);
    DbResult<Result<ShiftReport>> journaledReport(Transaction &transaction, const Shift &shift,
                                                  const JournalEntry &entry);

    Database &m_database;
    ShiftRepository m_shifts;
    TillJournal m_journal;
};

} // namespace shop
