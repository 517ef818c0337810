#include "shiftrepository.h"

#include "core/ids.h"
#include "db/database.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace shop {

namespace {

const QString kEnsureTerminal =
    QStringLiteral("INSERT INTO pos.terminals (name) VALUES ($1) ON CONFLICT (name) DO NOTHING");
const QString kLockExclusive = QStringLiteral("SELECT name FROM pos.terminals WHERE name = $1 FOR UPDATE");
const QString kLockShared = QStringLiteral("SELECT name FROM pos.terminals WHERE name = $1 FOR SHARE");

const QString kShiftColumns = QStringLiteral(R"(
    SELECT s.id, s.terminal, s.opened_by, s.opened_at, s.opening_float_cents,
           c.closed_by, c.closed_at, c.counted_cents, c.counted_denominations::text, c.expected_cents,
           c.difference_cents
      FROM pos.shifts s LEFT JOIN pos.shift_closes c ON c.shift_id = s.id)");

const QString kSelectOpen = kShiftColumns + QStringLiteral(R"(
     WHERE s.terminal = $1 AND c.shift_id IS NULL ORDER BY s.opened_at DESC LIMIT 1)");
const QString kSelectById = kShiftColumns + QStringLiteral(" WHERE s.id = $1");
const QString kSelectClosed = kShiftColumns + QStringLiteral(R"(
     WHERE c.shift_id IS NOT NULL ORDER BY c.closed_at DESC, s.id LIMIT $1 OFFSET $2)");
const QString kCountClosed = QStringLiteral("SELECT count(*) FROM pos.shift_closes");

const QString kInsertShift = QStringLiteral(R"(
    INSERT INTO pos.shifts (id, terminal, opened_by, opening_float_cents) VALUES ($1, $2, $3, $4))");
const QString kInsertClose = QStringLiteral(R"(
    INSERT INTO pos.shift_closes (shift_id, closed_by, counted_cents, counted_denominations, expected_cents,
                                  difference_cents)
    VALUES ($1, $2, $3, $4::jsonb, $5, $6))");
const QString kInsertMovement = QStringLiteral(R"(
    INSERT INTO pos.cash_movements (id, shift_id, kind, amount_cents, reason, recorded_by)
    VALUES ($1, $2, $3, $4, $5, $6))");
const QString kInsertSale = QStringLiteral(R"(
    INSERT INTO pos.sales (order_number, shift_id, cashier, payment_method, tendered_cents)
    VALUES ($1, $2, $3, $4, $5::bigint)
    RETURNING receipt_number)");
const QString kSelectSale =
    QStringLiteral("SELECT shift_id, receipt_number FROM pos.sales WHERE order_number = $1");

// A sale row is written once its payment succeeded; the amount is the
// payment's (a cash sale's change went back to the buyer).
const QString kSalesByMethod = QStringLiteral(R"(
    SELECT s.payment_method, count(*), coalesce(sum(p.amount_cents), 0)
      FROM pos.sales s
      JOIN orders.orders o ON o.order_number = s.order_number
      JOIN orders.payment_transactions p ON p.order_id = o.id AND p.status = 'SUCCESS'
     WHERE s.shift_id = $1
     GROUP BY s.payment_method)");
const QString kReceiptRange =
    QStringLiteral("SELECT min(receipt_number), max(receipt_number) FROM pos.sales WHERE shift_id = $1");
// A return is paid back the way its sale was paid. A failed refund paid
// nothing back; one still REQUESTED has (cash leaves the drawer when the
// return is rung up) or will (the card refund is on its way).
const QString kReturnsByMethod = QStringLiteral(R"(
    SELECT CASE WHEN p.payment_method = 'CASH' THEN 'CASH' ELSE 'CARD' END, count(*),
           coalesce(sum(f.amount_cents), 0)
      FROM pos.returns r
      JOIN orders.refunds f ON f.id = r.refund_id
      JOIN orders.payment_transactions p ON p.id = f.payment_id
     WHERE r.shift_id = $1 AND f.status <> 'FAILED'
     GROUP BY 1)");
const QString kMovementTotals = QStringLiteral(R"(
    SELECT coalesce(sum(amount_cents) FILTER (WHERE kind = 'IN'), 0),
           coalesce(sum(amount_cents) FILTER (WHERE kind = 'OUT'), 0), count(*)
      FROM pos.cash_movements WHERE shift_id = $1)");
const QString kMovements = QStringLiteral(R"(
    SELECT id, kind, amount_cents, reason, recorded_by, recorded_at
      FROM pos.cash_movements WHERE shift_id = $1 AND kind <> 'NO_SALE'
     ORDER BY recorded_at, id LIMIT $2)");

QMap<qint64, qint64> denominationsFrom(const QString &json)
{
    QMap<qint64, qint64> counts;
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = object.begin(); it != object.end(); ++it)
        counts.insert(it.key().toLongLong(), it.value().toInteger());
    return counts;
}

QVariant denominationsJson(const QMap<qint64, qint64> &counts)
{
    if (counts.isEmpty())
        return QVariant();
    QJsonObject object;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        object.insert(QString::number(it.key()), it.value());
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

Shift shiftFrom(const QSqlQuery &query)
{
    Shift shift;
    shift.id = idValue(query.value(0));
    shift.terminal = query.value(1).toString();
    shift.openedBy = query.value(2).toString();
    shift.openedAt = query.value(3).toDateTime();
    shift.openingFloat = Money::fromCents(query.value(4).toLongLong());
    if (!query.value(5).isNull()) {
        ShiftClose close;
        close.closedBy = query.value(5).toString();
        close.closedAt = query.value(6).toDateTime();
        close.counted = Money::fromCents(query.value(7).toLongLong());
        close.denominations = denominationsFrom(query.value(8).toString());
        close.expected = Money::fromCents(query.value(9).toLongLong());
        close.difference = Money::fromCents(query.value(10).toLongLong());
        shift.close = close;
    }
    return shift;
}

CountAndAmount &byMethod(ShiftReport &report, const QString &method, bool isReturn)
{
    if (method == kTillCash)
        return isReturn ? report.cashReturns : report.cashSales;
    return isReturn ? report.cardReturns : report.cardSales;
}

} // namespace

ShiftRepository::ShiftRepository(Database &database)
    : m_database(database)
{
}

DbResult<Done> ShiftRepository::ensureTerminal(const QString &terminal)
{
    return m_database.execute(kEnsureTerminal, {terminal});
}

DbResult<Done> ShiftRepository::lockTerminal(const QString &terminal, Lock lock)
{
    const DbResult<std::optional<QString>> row =
        fetchFirst(*m_database.prepared(lock == Lock::Exclusive ? kLockExclusive : kLockShared), {terminal},
                   [](const QSqlQuery &query) { return query.value(0).toString(); });
    if (!row)
        return row.error();
    return Done{};
}

DbResult<std::optional<Shift>> ShiftRepository::openShiftOf(const QString &terminal)
{
    return fetchFirst(*m_database.prepared(kSelectOpen), {terminal}, shiftFrom);
}

DbResult<std::optional<Shift>> ShiftRepository::findShift(const QUuid &shiftId)
{
    return fetchFirst(*m_database.prepared(kSelectById), {idText(shiftId)}, shiftFrom);
}

DbResult<ShiftPage> ShiftRepository::closedShifts(qint64 offset, int limit)
{
    const DbResult<QList<Shift>> items = fetchAll(*m_database.prepared(kSelectClosed), {limit, offset}, shiftFrom);
    if (!items)
        return items.error();
    const DbResult<qint64> total = fetchNumber(*m_database.prepared(kCountClosed), {});
    if (!total)
        return total.error();
    return ShiftPage{items.value(), total.value()};
}

DbResult<Done> ShiftRepository::insertShift(const Shift &shift)
{
    return m_database.execute(kInsertShift,
                              {idText(shift.id), shift.terminal, shift.openedBy, shift.openingFloat.cents()});
}

DbResult<Done> ShiftRepository::insertClose(const QUuid &shiftId, const ShiftClose &close)
{
    return m_database.execute(kInsertClose, {idText(shiftId), close.closedBy, close.counted.cents(),
                                             denominationsJson(close.denominations), close.expected.cents(),
                                             close.difference.cents()});
}

DbResult<Done> ShiftRepository::insertMovement(const QUuid &shiftId, const CashMovement &movement)
{
    return m_database.execute(kInsertMovement, {idText(movement.id), idText(shiftId), movement.kind,
                                                movement.amount.cents(), movement.reason, movement.recordedBy});
}

DbResult<qint64> ShiftRepository::insertSale(const QUuid &shiftId, const TillSale &sale)
{
    return fetchNumber(*m_database.prepared(kInsertSale),
                       {sale.orderNumber, idText(shiftId), sale.cashier, sale.paymentMethod,
                        sale.tendered ? QVariant(sale.tendered->cents()) : QVariant()});
}

DbResult<std::optional<RecordedSale>> ShiftRepository::findSale(const QString &orderNumber)
{
    return fetchFirst(*m_database.prepared(kSelectSale), {orderNumber}, [](const QSqlQuery &query) {
        return RecordedSale{idValue(query.value(0)), query.value(1).toLongLong()};
    });
}

DbResult<ShiftReport> ShiftRepository::figures(const Shift &shift)
{
    ShiftReport report;
    report.shift = shift;
    const QString id = idText(shift.id);
    auto &sales = *m_database.prepared(kSalesByMethod);
    if (!execPrepared(sales, {id}))
        return sales.lastError();
    while (sales.next())
        byMethod(report, sales.value(0).toString(), false) = {sales.value(1).toLongLong(),
                                                              Money::fromCents(sales.value(2).toLongLong())};
    sales.finish();
    auto &returns = *m_database.prepared(kReturnsByMethod);
    if (!execPrepared(returns, {id}))
        return returns.lastError();
    while (returns.next())
        byMethod(report, returns.value(0).toString(), true) = {returns.value(1).toLongLong(),
                                                               Money::fromCents(returns.value(2).toLongLong())};
    returns.finish();
    auto &range = *m_database.prepared(kReceiptRange);
    if (!execPrepared(range, {id}))
        return range.lastError();
    if (range.next() && !range.value(0).isNull()) {
        report.firstReceipt = range.value(0).toLongLong();
        report.lastReceipt = range.value(1).toLongLong();
    }
    range.finish();
    auto &totals = *m_database.prepared(kMovementTotals);
    if (!execPrepared(totals, {id}))
        return totals.lastError();
    if (totals.next()) {
        report.cashIn = Money::fromCents(totals.value(0).toLongLong());
        report.cashOut = Money::fromCents(totals.value(1).toLongLong());
        report.movementCount = totals.value(2).toLongLong();
    }
    totals.finish();
    const DbResult<QList<CashMovement>> movements = fetchAll(
        *m_database.prepared(kMovements), {id, kMaxReportMovements}, [](const QSqlQuery &query) {
            return CashMovement{idValue(query.value(0)), query.value(1).toString(),
                                Money::fromCents(query.value(2).toLongLong()), query.value(3).toString(),
                                query.value(4).toString(), query.value(5).toDateTime()};
        });
    if (!movements)
        return movements.error();
    report.movements = movements.value();
    report.expectedCash = shift.close ? shift.close->expected
                                      : Money::fromCents(shift.openingFloat.cents() + report.cashSales.amount.cents()
                                                         - report.cashReturns.amount.cents() + report.cashIn.cents()
                                                         - report.cashOut.cents());
    return report;
}

} // namespace shop
