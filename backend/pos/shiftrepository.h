#pragma once

#include "db/dbresult.h"
#include "shifttypes.h"

#include <optional>

namespace shop {

class Database;

// The SQL of shifts, their closes, cash movements and sales (schema pos),
// and the sums the X- and Z-reports are made of. Statements run on this
// thread's connection, inside the caller's transaction when there is one.
class ShiftRepository
{
public:
    static constexpr int kMaxReportMovements = 100;

    explicit ShiftRepository(Database &database);

    // Adds the terminal the first time its name is used.
    DbResult<Done> ensureTerminal(const QString &terminal);
    // Takes the terminal's row lock for the rest of the transaction:
    // exclusive to open or close a shift, shared to add to the open one (so
    // nothing is added to a shift while it closes, and two sales do not wait
    // for each other).
    enum class Lock { Exclusive, Shared };
    DbResult<Done> lockTerminal(const QString &terminal, Lock lock);

    // The terminal's open shift: the one with no close.
    DbResult<std::optional<Shift>> openShiftOf(const QString &terminal);
    DbResult<std::optional<Shift>> findShift(const QUuid &shiftId);
    DbResult<ShiftPage> closedShifts(qint64 offset, int limit);

    DbResult<Done> insertShift(const Shift &shift);
    DbResult<Done> insertClose(const QUuid &shiftId, const ShiftClose &close);
    DbResult<Done> insertMovement(const QUuid &shiftId, const CashMovement &movement);
    // The sale's receipt number (drawn from pos.receipt_numbers).
    DbResult<qint64> insertSale(const QUuid &shiftId, const TillSale &sale);
    DbResult<std::optional<RecordedSale>> findSale(const QString &orderNumber);

    // Every figure of the shift's report except the shift itself.
    DbResult<ShiftReport> figures(const Shift &shift);

private:
    Database &m_database;
};

} // namespace shop
