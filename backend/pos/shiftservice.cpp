#include "shiftservice.h"

#include "core/ids.h"
#include "core/log.h"
#include "core/textrules.h"
#include "db/database.h"
#include "db/databasefailure.h"
#include "shiftrules.h"

namespace shop {

namespace {

using shiftrules::checkAmount;
using shiftrules::countedTotal;
using shiftrules::invalid;

const char *const kLogger = "pos";
constexpr int kMaxTerminalLength = 64;

ServiceError failure(const QString &action, const QSqlError &error)
{
    return databaseFailure(kLogger, action, error);
}

ServiceError noOpenShift(const QString &terminal)
{
    return ServiceError::conflict(QStringLiteral("No shift is open on terminal %1: open a shift first.").arg(terminal));
}

JournalEntry entryFor(const Shift &shift, const QString &actor, const QString &kind)
{
    JournalEntry entry;
    entry.terminal = shift.terminal;
    entry.shiftId = shift.id;
    entry.actor = actor;
    entry.kind = kind;
    return entry;
}

} // namespace

ShiftService::ShiftService(Database &database)
    : m_database(database)
    , m_shifts(database)
    , m_journal(database)
{
}

Result<Done> ShiftService::checkTerminal(const QString &terminal, const QString &actor)
{
    if (terminal.isEmpty() || characterCount(terminal) > kMaxTerminalLength)
        return invalid(QStringLiteral("terminal"), QStringLiteral("must be 1 to %1 characters").arg(kMaxTerminalLength));
    if (actor.trimmed().isEmpty())
        return invalid(QStringLiteral("actor"), QStringLiteral("must name who does it"));
    return Done{};
}

Result<std::optional<Shift>> ShiftService::openShift(const QString &terminal)
{
    const DbResult<std::optional<Shift>> shift = m_database.run(
        [&](QSqlDatabase &) { return m_shifts.openShiftOf(terminal); }, Database::Retry::OnceIfConnectionLost);
    if (!shift)
        return failure(QStringLiteral("reading the open shift"), shift.error());
    return shift.value();
}

Result<Shift> ShiftService::open(const QString &terminal, const QString &actor, Money openingFloat)
{
    if (const Result<Done> checked = checkTerminal(terminal, actor); !checked)
        return checked.error();
    if (std::optional<ServiceError> error = checkAmount(QStringLiteral("openingFloat"), openingFloat, 0))
        return *error;
    const DbResult<Result<Shift>> outcome = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Result<Shift>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (const DbResult<Done> added = m_shifts.ensureTerminal(terminal); !added)
                return added.error();
            if (const DbResult<Done> locked = m_shifts.lockTerminal(terminal, ShiftRepository::Lock::Exclusive);
                !locked)
                return locked.error();
            const DbResult<std::optional<Shift>> current = m_shifts.openShiftOf(terminal);
            if (!current)
                return current.error();
            if (current.value())
                return Result<Shift>(ServiceError::conflict(
                    QStringLiteral("Terminal %1 already has a shift open (by %2 since %3): close it first.")
                        .arg(terminal, current.value()->openedBy,
                             current.value()->openedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")))));
            Shift shift{QUuid::createUuid(), terminal, actor, QDateTime::currentDateTimeUtc(), openingFloat, {}};
            if (const DbResult<Done> inserted = m_shifts.insertShift(shift); !inserted)
                return inserted.error();
            JournalEntry entry = entryFor(shift, actor, QStringLiteral("SHIFT_OPEN"));
            entry.amount = openingFloat;
            entry.details = QStringLiteral("opening float");
            if (const DbResult<Done> journaled = m_journal.append(entry); !journaled)
                return journaled.error();
            const DbResult<std::optional<Shift>> stored = m_shifts.findShift(shift.id); // the server's opened_at
            if (!stored)
                return stored.error();
            if (!transaction.commit())
                return transaction.error();
            return Result<Shift>(stored.value().value_or(shift));
        },
        Database::Retry::Never);
    if (!outcome)
        return failure(QStringLiteral("opening a shift"), outcome.error());
    if (outcome.value())
        log::info(kLogger, QStringLiteral("shift opened"),
                  {{QStringLiteral("terminal"), terminal}, {QStringLiteral("by"), actor},
                   {QStringLiteral("shiftId"), idText(outcome.value()->id)}});
    return outcome.value();
}

Result<CashMovement> ShiftService::recordCash(const QString &terminal, const QString &actor, const QString &kind,
                                              Money amount, const QString &reason)
{
    if (const Result<Done> checked = checkTerminal(terminal, actor); !checked)
        return checked.error();
    if (kind != kCashIn && kind != kCashOut)
        return invalid(QStringLiteral("kind"), QStringLiteral("must be IN or OUT"));
    if (std::optional<ServiceError> error = checkAmount(QStringLiteral("amount"), amount, 1))
        return *error;
    const QString why = reason.trimmed();
    if (why.isEmpty() || characterCount(why) > kMaxReasonLength)
        return invalid(QStringLiteral("reason"), QStringLiteral("must be 1 to %1 characters").arg(kMaxReasonLength));
    const DbResult<Result<CashMovement>> outcome = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Result<CashMovement>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (const DbResult<Done> locked = m_shifts.lockTerminal(terminal, ShiftRepository::Lock::Shared); !locked)
                return locked.error();
            const DbResult<std::optional<Shift>> shift = m_shifts.openShiftOf(terminal);
            if (!shift)
                return shift.error();
            if (!shift.value())
                return Result<CashMovement>(noOpenShift(terminal));
            if (kind == kCashOut) {
                const DbResult<ShiftReport> figures = m_shifts.figures(*shift.value());
                if (!figures)
                    return figures.error();
                if (amount.cents() > figures->expectedCash.cents())
                    return Result<CashMovement>(invalid(
                        QStringLiteral("amount"), QStringLiteral("is more than the drawer should hold (%1)")
                                                      .arg(figures->expectedCash.toDecimalString())));
            }
            const CashMovement movement{QUuid::createUuid(), kind, amount, why, actor, QDateTime::currentDateTimeUtc()};
            if (const DbResult<Done> inserted = m_shifts.insertMovement(shift.value()->id, movement); !inserted)
                return inserted.error();
            JournalEntry entry =
                entryFor(*shift.value(), actor, kind == kCashIn ? QStringLiteral("CASH_IN") : QStringLiteral("CASH_OUT"));
            entry.reference = idText(movement.id);
            entry.amount = amount;
            entry.details = why;
            if (const DbResult<Done> journaled = m_journal.append(entry); !journaled)
                return journaled.error();
            if (!transaction.commit())
                return transaction.error();
            return Result<CashMovement>(movement);
        },
        Database::Retry::Never);
    if (!outcome)
        return failure(QStringLiteral("recording cash in or out"), outcome.error());
    return outcome.value();
}

Result<ShiftReport> ShiftService::close(const QString &terminal, const QString &actor, const CashCount &count)
{
    if (const Result<Done> checked = checkTerminal(terminal, actor); !checked)
        return checked.error();
    const Result<Money> counted = countedTotal(count);
    if (!counted)
        return counted.error();
    const DbResult<Result<ShiftReport>> outcome = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Result<ShiftReport>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (const DbResult<Done> locked = m_shifts.lockTerminal(terminal, ShiftRepository::Lock::Exclusive);
                !locked)
                return locked.error();
            const DbResult<std::optional<Shift>> shift = m_shifts.openShiftOf(terminal);
            if (!shift)
                return shift.error();
            if (!shift.value())
                return Result<ShiftReport>(noOpenShift(terminal));
            const DbResult<ShiftReport> before = m_shifts.figures(*shift.value());
            if (!before)
                return before.error();
            ShiftClose close;
            close.closedBy = actor;
            close.counted = counted.value();
            close.denominations = count.denominations;
            close.expected = before->expectedCash;
            close.difference = Money::fromCents(close.counted.cents() - close.expected.cents());
            if (const DbResult<Done> inserted = m_shifts.insertClose(shift.value()->id, close); !inserted)
                return inserted.error();
            JournalEntry entry = entryFor(*shift.value(), actor, QStringLiteral("SHIFT_CLOSE"));
            entry.amount = close.counted;
            entry.details = QStringLiteral("counted %1, expected %2, difference %3")
                                .arg(close.counted.toDecimalString(), close.expected.toDecimalString(),
                                     close.difference.toDecimalString());
            if (const DbResult<Done> journaled = m_journal.append(entry); !journaled)
                return journaled.error();
            const DbResult<std::optional<Shift>> closed = m_shifts.findShift(shift.value()->id);
            if (!closed)
                return closed.error();
            const DbResult<ShiftReport> report = m_shifts.figures(closed.value().value_or(*shift.value()));
            if (!report)
                return report.error();
            if (!transaction.commit())
                return transaction.error();
            ShiftReport z = report.value();
            z.producedAt = QDateTime::currentDateTimeUtc();
            return Result<ShiftReport>(z);
        },
        Database::Retry::Never);
    if (!outcome)
        return failure(QStringLiteral("closing a shift"), outcome.error());
    if (outcome.value())
        log::info(kLogger, QStringLiteral("shift closed"),
                  {{QStringLiteral("terminal"), terminal}, {QStringLiteral("by"), actor},
                   {QStringLiteral("shiftId"), idText(outcome.value()->shift.id)},
                   {QStringLiteral("differenceCents"), outcome.value()->shift.close->difference.cents()}});
    return outcome.value();
}

// The shift's figures, with the journal row that says who asked for them,
// committed and stamped with the time they were made.
DbResult<Result<ShiftReport>> ShiftService::journaledReport(Transaction &transaction, const Shift &shift,
                                                            const JournalEntry &entry)
{
    const DbResult<ShiftReport> report = m_shifts.figures(shift);
    if (!report)
        return report.error();
    if (const DbResult<Done> journaled = m_journal.append(entry); !journaled)
        return journaled.error();
    if (!transaction.commit())
        return transaction.error();
    ShiftReport made = report.value();
    made.producedAt = QDateTime::currentDateTimeUtc();
    return Result<ShiftReport>(made);
}

Result<ShiftReport> ShiftService::xReport(const QString &terminal, const QString &actor)
{
    if (const Result<Done> checked = checkTerminal(terminal, actor); !checked)
        return checked.error();
    const DbResult<Result<ShiftReport>> outcome = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Result<ShiftReport>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<std::optional<Shift>> shift = m_shifts.openShiftOf(terminal);
            if (!shift)
                return shift.error();
            if (!shift.value())
                return Result<ShiftReport>(noOpenShift(terminal));
            return journaledReport(transaction, *shift.value(),
                                   entryFor(*shift.value(), actor, QStringLiteral("X_REPORT")));
        },
        Database::Retry::Never);
    if (!outcome)
        return failure(QStringLiteral("making an X-report"), outcome.error());
    return outcome.value();
}

Result<ShiftReport> ShiftService::zReport(const QUuid &shiftId, const QString &actor)
{
    if (actor.trimmed().isEmpty())
        return invalid(QStringLiteral("actor"), QStringLiteral("must name who does it"));
    const DbResult<Result<ShiftReport>> outcome = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Result<ShiftReport>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<std::optional<Shift>> shift = m_shifts.findShift(shiftId);
            if (!shift)
                return shift.error();
            if (!shift.value())
                return Result<ShiftReport>(ServiceError::notFound(QStringLiteral("no shift with this id")));
            if (shift.value()->isOpen())
                return Result<ShiftReport>(
                    ServiceError::conflict(QStringLiteral("the shift is still open: its report is an X-report")));
            JournalEntry entry = entryFor(*shift.value(), actor, QStringLiteral("Z_REPORT"));
            entry.details = QStringLiteral("reprint");
            return journaledReport(transaction, *shift.value(), entry);
        },
        Database::Retry::Never);
    if (!outcome)
        return failure(QStringLiteral("making a Z-report"), outcome.error());
    return outcome.value();
}

Result<ShiftPage> ShiftService::closedShifts(qint64 offset, int limit)
{
    if (offset < 0)
        return invalid(QStringLiteral("offset"), QStringLiteral("must not be negative"));
    if (limit < 1 || limit > kMaxClosedShiftsPage)
        return invalid(QStringLiteral("limit"), QStringLiteral("must be 1 to %1").arg(kMaxClosedShiftsPage));
    const DbResult<ShiftPage> page = m_database.run(
        [&](QSqlDatabase &) { return m_shifts.closedShifts(offset, limit); }, Database::Retry::OnceIfConnectionLost);
    if (!page)
        return failure(QStringLiteral("listing closed shifts"), page.error());
    return page.value();
}

Result<RecordedSale> ShiftService::recordSale(const TillSale &sale)
{
    if (const Result<Done> checked = checkTerminal(sale.terminal, sale.cashier); !checked)
        return checked.error();
    if (!isOrderNumber(sale.orderNumber))
        return invalid(QStringLiteral("orderNumber"), QStringLiteral("must be an order number ORD-YYYYMMDD-NNN"));
    if (sale.paymentMethod != kTillCash && sale.paymentMethod != kTillCard)
        return invalid(QStringLiteral("paymentMethod"), QStringLiteral("must be CASH or CARD"));
    const DbResult<Result<RecordedSale>> outcome = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Result<RecordedSale>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (const DbResult<Done> locked = m_shifts.lockTerminal(sale.terminal, ShiftRepository::Lock::Shared);
                !locked)
                return locked.error();
            // The order's own row decides, under the terminal's lock, whether
            // it was recorded before (a repeated payment of the same sale).
            const DbResult<std::optional<RecordedSale>> earlier = m_shifts.findSale(sale.orderNumber);
            if (!earlier)
                return earlier.error();
            if (earlier.value())
                return Result<RecordedSale>(*earlier.value());
            const DbResult<std::optional<Shift>> shift = m_shifts.openShiftOf(sale.terminal);
            if (!shift)
                return shift.error();
            if (!shift.value())
                return Result<RecordedSale>(noOpenShift(sale.terminal));
            const DbResult<qint64> receipt = m_shifts.insertSale(shift.value()->id, sale);
            if (!receipt)
                return receipt.error();
            JournalEntry entry = entryFor(*shift.value(), sale.cashier, QStringLiteral("SALE"));
            entry.reference = sale.orderNumber;
            entry.amount = sale.amount;
            entry.details = QStringLiteral("%1, receipt %2").arg(sale.paymentMethod).arg(receipt.value());
            if (const DbResult<Done> journaled = m_journal.append(entry); !journaled)
                return journaled.error();
            if (!transaction.commit())
                return transaction.error();
            return Result<RecordedSale>(RecordedSale{shift.value()->id, receipt.value()});
        },
        Database::Retry::Never);
    if (!outcome)
        return failure(QStringLiteral("recording a sale"), outcome.error());
    return outcome.value();
}

Result<Done> ShiftService::recordSession(const QString &terminal, const QString &actor, bool isLogin)
{
    if (const Result<Done> checked = checkTerminal(terminal, actor); !checked)
        return checked.error();
    const DbResult<Done> outcome = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Done> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<std::optional<Shift>> shift = m_shifts.openShiftOf(terminal);
            if (!shift)
                return shift.error();
            JournalEntry entry;
            entry.terminal = terminal;
            if (shift.value())
                entry.shiftId = shift.value()->id;
            entry.actor = actor;
            entry.kind = isLogin ? QStringLiteral("LOGIN") : QStringLiteral("LOGOUT");
            if (const DbResult<Done> journaled = m_journal.append(entry); !journaled)
                return journaled.error();
            if (!transaction.commit())
                return transaction.error();
            return Done{};
        },
        Database::Retry::Never);
    if (!outcome)
        return failure(QStringLiteral("journaling a login or logout"), outcome.error());
    return Done{};
}

Result<JournalPage> ShiftService::journal(QDate day, qint64 afterId, int limit)
{
    if (!day.isValid())
        return invalid(QStringLiteral("day"), QStringLiteral("must be a date"));
    if (limit < 1 || limit > TillJournal::kMaxPageSize)
        return invalid(QStringLiteral("limit"), QStringLiteral("must be 1 to %1").arg(TillJournal::kMaxPageSize));
    const DbResult<JournalPage> page = m_database.run(
        [&](QSqlDatabase &) { return m_journal.day(day, afterId, limit); }, Database::Retry::OnceIfConnectionLost);
    if (!page)
        return failure(QStringLiteral("listing the journal"), page.error());
    return page.value();
}

} // namespace shop
