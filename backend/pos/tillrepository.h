#pragma once

#include "db/dbresult.h"
#include "returntypes.h"
#include "shifttypes.h"

#include <optional>

namespace shop {

class Database;

// A sale as a return finds it before reading its items.
struct SaleHeader
{
    QUuid orderId;
    QString orderNumber;
    std::optional<qint64> receiptNumber;
    QString status; // the order's
    bool isCash = false;
};

// The SQL of returns and drawer opens at the till (pos schema, and the
// order's row lock). Runs on the calling thread's connection inside the
// caller's transaction.
class TillRepository
{
public:
    explicit TillRepository(Database &database);

    DbResult<std::optional<SaleHeader>> saleByOrderNumber(const QString &orderNumber);
    DbResult<std::optional<SaleHeader>> saleByReceiptNumber(qint64 receiptNumber);
    // Locks the order's row (as a cancel does): the returns and the cancel
    // of one order happen one after the other. Its status; empty when unknown.
    DbResult<std::optional<QString>> lockOrder(const QUuid &orderId);
    // The terminal's open shift, under the terminal's shared lock as a sale
    // takes it (ShiftRepository), so nothing lands in a shift while it closes.
    DbResult<std::optional<QUuid>> openShift(const QString &terminal);
    DbResult<Done> insertReturn(const QUuid &refundId, const QUuid &shiftId, const QString &cashier,
                                const QString &authorisedBy);
    DbResult<Done> insertNoSale(const QUuid &shiftId, const QString &reason, const QString &recordedBy,
                                const QString &authorisedBy);
    // A row of pos.journal (TillJournal).
    DbResult<Done> journal(const QString &terminal, const std::optional<QUuid> &shiftId, const QString &actor,
                           const QString &kind, const QString &reference, std::optional<Money> amount,
                           const QString &details);

private:
    Database &m_database;
};

} // namespace shop
