#include "tillrepository.h"

#include "core/ids.h"
#include "db/database.h"
#include "shiftrepository.h"
#include "tilljournal.h"

namespace shop {

namespace {

const QString kSaleColumns = QStringLiteral(R"(
    SELECT o.id, o.order_number, s.receipt_number, o.status, coalesce(p.payment_method = 'CASH', false)
      FROM orders.orders o
      LEFT JOIN pos.sales s ON s.order_number = o.order_number
      LEFT JOIN orders.payment_transactions p ON p.order_id = o.id)");

const QString kSaleByOrderNumber = kSaleColumns + QStringLiteral(" WHERE o.order_number = $1");
const QString kSaleByReceiptNumber = kSaleColumns + QStringLiteral(" WHERE s.receipt_number = $1");

const QString kLockOrder = QStringLiteral(R"(
    SELECT status FROM orders.orders WHERE id = $1 FOR NO KEY UPDATE)");

const QString kInsertReturn = QStringLiteral(R"(
    INSERT INTO pos.returns (refund_id, shift_id, cashier, authorised_by) VALUES ($1, $2, $3, $4::text))");

const QString kInsertNoSale = QStringLiteral(R"(
    INSERT INTO pos.cash_movements (id, shift_id, kind, amount_cents, reason, recorded_by, authorised_by)
    VALUES ($1, $2, 'NO_SALE', 0, $3, $4, $5::text))");

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

SaleHeader saleFrom(const QSqlQuery &query)
{
    SaleHeader sale;
    sale.orderId = idValue(query.value(0));
    sale.orderNumber = query.value(1).toString();
    if (!query.value(2).isNull())
        sale.receiptNumber = query.value(2).toLongLong();
    sale.status = query.value(3).toString();
    sale.isCash = query.value(4).toBool();
    return sale;
}

} // namespace

TillRepository::TillRepository(Database &database)
    : m_database(database)
{
}

DbResult<std::optional<SaleHeader>> TillRepository::saleByOrderNumber(const QString &orderNumber)
{
    return fetchFirst(*m_database.prepared(kSaleByOrderNumber), {orderNumber}, saleFrom);
}

DbResult<std::optional<SaleHeader>> TillRepository::saleByReceiptNumber(qint64 receiptNumber)
{
    return fetchFirst(*m_database.prepared(kSaleByReceiptNumber), {receiptNumber}, saleFrom);
}

DbResult<std::optional<QString>> TillRepository::lockOrder(const QUuid &orderId)
{
    return fetchFirst(*m_database.prepared(kLockOrder), {idText(orderId)},
                      [](const QSqlQuery &query) { return query.value(0).toString(); });
}

DbResult<std::optional<QUuid>> TillRepository::openShift(const QString &terminal)
{
    ShiftRepository shifts(m_database);
    if (const DbResult<Done> locked = shifts.lockTerminal(terminal, ShiftRepository::Lock::Shared); !locked)
        return locked.error();
    const DbResult<std::optional<Shift>> shift = shifts.openShiftOf(terminal);
    if (!shift)
        return shift.error();
    if (!shift.value())
        return std::optional<QUuid>();
    return std::optional<QUuid>(shift.value()->id);
}

DbResult<Done> TillRepository::insertReturn(const QUuid &refundId, const QUuid &shiftId, const QString &cashier,
                                            const QString &authorisedBy)
{
    return m_database.execute(kInsertReturn, {idText(refundId), idText(shiftId), cashier, textOrNull(authorisedBy)});
}

DbResult<Done> TillRepository::insertNoSale(const QUuid &shiftId, const QString &reason, const QString &recordedBy,
                                            const QString &authorisedBy)
{
    return m_database.execute(kInsertNoSale, {idText(QUuid::createUuid()), idText(shiftId), reason, recordedBy,
                                              textOrNull(authorisedBy)});
}

DbResult<Done> TillRepository::journal(const QString &terminal, const std::optional<QUuid> &shiftId,
                                       const QString &actor, const QString &kind, const QString &reference,
                                       std::optional<Money> amount, const QString &details)
{
    JournalEntry entry;
    entry.terminal = terminal;
    entry.shiftId = shiftId;
    entry.actor = actor;
    entry.kind = kind;
    entry.reference = reference;
    entry.amount = amount;
    entry.details = details;
    return TillJournal(m_database).append(entry);
}

} // namespace shop
