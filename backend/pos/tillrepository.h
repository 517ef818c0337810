#pragma once

#include "db/dbresult.h"
#include "returntypes.h"

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

// A row of pos.journal.
struct JournalEntry
{
    QString terminal;
    std::optional<QUuid> shiftId;
    QString actor;
    QString kind; // RETURN, NO_SALE, AUTHORISATION_REFUSED, ...
    QString reference;
    std::optional<qint64> amountCents;
    QString details;
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
    // The terminal's open shift: its pos.shifts row without a shift_closes row.
    DbResult<std::optional<QUuid>> openShift(const QString &terminal);
    DbResult<Done> insertReturn(const QUuid &refundId, const QUuid &shiftId, const QString &cashier,
                                const QString &authorisedBy);
    DbResult<Done> insertNoSale(const QUuid &shiftId, const QString &reason, const QString &recordedBy,
                                const QString &authorisedBy);
    DbResult<Done> journal(const JournalEntry &entry);

private:
    Database &m_database;
};

} // namespace shop
