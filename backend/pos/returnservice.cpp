#include "returnservice.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
#include "db/database.h"
#include "db/databasefailure.h"

#include <QHash>

namespace shop {

namespace {

const QString kDefaultReason = QStringLiteral("returned at the till");
constexpr int kMaxReasonLength = 200;
constexpr int kMaxReceiptDigits = 18; // fits a bigint

ServiceError failure(const QString &action, const QSqlError &error)
{
    return databaseFailure("pos", action, error);
}

ServiceError refusal(ServiceError::Kind kind, const QString &field, const QString &message)
{
    return {kind, message, {{field, message}}};
}

bool isReturnable(const QString &status)
{
    return status == u"PAID" || status == u"FULFILLED";
}

ServiceError notReturnable(const QString &orderNumber, const QString &status)
{
    return ServiceError::conflict(
        QStringLiteral("Order %1 is %2: only paid sales can be returned.").arg(orderNumber, status));
}

ServiceError fullyReturned(const QString &orderNumber)
{
    return ServiceError::conflict(
        QStringLiteral("Order %1 was returned in full already: nothing is left to return.").arg(orderNumber));
}

// The lines checked against the order's items: each item of the order, at
// least 1 and at most what is left to return; the same item twice adds up.
struct Checked
{
    QList<std::pair<ReturnableItem, int>> lines;
    Money amount;
};

Result<Checked> check(const QString &orderNumber, const QList<ReturnableItem> &items, const QList<ReturnLine> &lines)
{
    QHash<QUuid, int> asked;
    QList<QUuid> order;
    for (const ReturnLine &line : lines) {
        if (line.quantity < 1)
            return refusal(ServiceError::Kind::Validation, QStringLiteral("quantity"),
                           QStringLiteral("Each quantity to return must be at least 1."));
        if (!asked.contains(line.orderItemId))
            order.append(line.orderItemId);
        asked[line.orderItemId] += line.quantity;
    }
    if (asked.isEmpty())
        return refusal(ServiceError::Kind::Validation, QStringLiteral("lines"),
                       QStringLiteral("Choose at least one item to return."));
    bool isFullyReturned = true;
    for (const ReturnableItem &item : items)
        isFullyReturned = isFullyReturned && item.returnable() == 0;
    if (isFullyReturned)
        return fullyReturned(orderNumber);
    Checked checked;
    for (const QUuid &id : std::as_const(order)) {
        const auto item = std::find_if(items.cbegin(), items.cend(),
                                       [&id](const ReturnableItem &i) { return i.orderItemId == id; });
        if (item == items.cend())
            return refusal(ServiceError::Kind::Validation, QStringLiteral("lines"),
                           QStringLiteral("An item to return is not part of order %1.").arg(orderNumber));
        const int quantity = asked.value(id);
        if (quantity > item->returnable())
            return refusal(ServiceError::Kind::Validation, item->sku,
                           QStringLiteral("%1: %2 to return, but only %3 can be (%4 sold, %5 returned already).")
                               .arg(item->sku)
                               .arg(quantity)
                               .arg(item->returnable())
                               .arg(item->sold)
                               .arg(item->returned));
        checked.lines.append({*item, quantity});
        checked.amount = checked.amount + item->unitPrice * quantity;
    }
    return checked;
}

} // namespace

ReturnService::ReturnService(Database &database, AuthService &auth, const AccessTokens &tokens, const Clock &clock,
                             Money authorisationLimit)
    : m_database(database)
    , m_clock(clock)
    , m_limit(authorisationLimit)
    , m_authorisation(database, auth, tokens)
    , m_till(database)
    , m_refunds(database)
    , m_requests(database)
{
}

bool ReturnService::needsAuthorisation(Money amount) const
{
    return m_limit.cents() == 0 || amount > m_limit;
}

Result<ReturnableSale> ReturnService::findSale(const QString &receiptOrOrderNumber)
{
    const QString text = receiptOrOrderNumber.trimmed().toUpper();
    if (text.isEmpty() || text.size() > 40)
        return refusal(ServiceError::Kind::Validation, QStringLiteral("sale"),
                       QStringLiteral("Scan the receipt's barcode, or type its receipt or order number."));
    bool isReceiptNumber = text.size() <= kMaxReceiptDigits;
    for (const QChar c : text)
        isReceiptNumber = isReceiptNumber && c.isDigit();
    const DbResult<std::optional<SaleHeader>> header = m_database.run(
        [&](QSqlDatabase &) {
            return isReceiptNumber ? m_till.saleByReceiptNumber(text.toLongLong()) : m_till.saleByOrderNumber(text);
        },
        Database::Retry::OnceIfConnectionLost);
    if (!header)
        return failure(QStringLiteral("finding a sale"), header.error());
    if (!header.value())
        return refusal(ServiceError::Kind::NotFound, QStringLiteral("sale"),
                       QStringLiteral("No sale with receipt or order number %1.").arg(text));
    Result<ReturnableSale> sale = loadSale(header.value()->orderNumber);
    if (sale && sale->isFullyReturned())
        return fullyReturned(sale->orderNumber);
    return sale;
}

Result<ReturnableSale> ReturnService::loadSale(const QString &orderNumber)
{
    const DbResult<Result<ReturnableSale>> loaded = m_database.run(
        [&](QSqlDatabase &) -> DbResult<Result<ReturnableSale>> {
            const DbResult<std::optional<SaleHeader>> header = m_till.saleByOrderNumber(orderNumber);
            if (!header)
                return header.error();
            if (!header.value())
                return Result<ReturnableSale>(refusal(ServiceError::Kind::NotFound, QStringLiteral("sale"),
                                                      QStringLiteral("No sale with order number %1.").arg(orderNumber)));
            const SaleHeader &found = *header.value();
            if (!isReturnable(found.status))
                return Result<ReturnableSale>(notReturnable(found.orderNumber, found.status));
            const DbResult<QList<ReturnableItem>> items = m_refunds.returnableItems(found.orderId);
            if (!items)
                return items.error();
            return Result<ReturnableSale>(
                ReturnableSale{found.orderId, found.orderNumber, found.receiptNumber, found.isCash, items.value()});
        },
        Database::Retry::OnceIfConnectionLost);
    if (!loaded)
        return failure(QStringLiteral("reading a sale"), loaded.error());
    return loaded.value();
}

Result<ReturnOutcome> ReturnService::returnItems(const ReturnRequest &request)
{
    const QString reason = request.reason.trimmed().isEmpty() ? kDefaultReason : request.reason.trimmed();
    if (reason.size() > kMaxReasonLength)
        return refusal(ServiceError::Kind::Validation, QStringLiteral("reason"),
                       QStringLiteral("The reason is at most %1 characters.").arg(kMaxReasonLength));
    // A first look, outside the lock, so a wrong quantity is refused before
    // anyone types a manager's password; the transaction checks again.
    const Result<ReturnableSale> sale = loadSale(request.orderNumber.trimmed().toUpper());
    if (!sale)
        return sale.error();
    const Result<Checked> preview = check(sale->orderNumber, sale->items, request.lines);
    if (!preview)
        return preview.error();
    const Money amount = preview->amount;
    QString authorisedBy;
    if (needsAuthorisation(amount)) {
        if (!request.manager)
            return refusal(ServiceError::Kind::Forbidden, QStringLiteral("manager"),
                           QStringLiteral("A return of %1 needs a manager's authorisation (limit %2).")
                               .arg(amount.toDecimalString(), m_limit.toDecimalString()));
        const Result<QString> manager = m_authorisation.authorise(
            request.till, *request.manager,
            QStringLiteral("return of %1 from %2").arg(amount.toDecimalString(), sale->orderNumber));
        if (!manager)
            return manager.error();
        authorisedBy = manager.value();
    }

    const QDateTime now = m_clock.now();
    const QString chain = idText(QUuid::createUuid());
    const DbResult<Result<ReturnOutcome>> outcome = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Result<ReturnOutcome>> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<std::optional<QString>> status = m_till.lockOrder(sale->orderId);
            if (!status)
                return status.error();
            if (!status.value() || !isReturnable(*status.value()))
                return Result<ReturnOutcome>(notReturnable(sale->orderNumber, status.value().value_or(QStringLiteral("gone"))));
            const DbResult<QList<ReturnableItem>> items = m_refunds.returnableItems(sale->orderId);
            if (!items)
                return items.error();
            const Result<Checked> checked = check(sale->orderNumber, items.value(), request.lines);
            if (!checked)
                return Result<ReturnOutcome>(checked.error());
            if (checked->amount != amount) // cannot happen: the prices of an order never change
                return Result<ReturnOutcome>(ServiceError::conflict(QStringLiteral("The sale changed; find it again.")));
            const DbResult<std::optional<QUuid>> shift = m_till.openShift(request.till.terminal);
            if (!shift)
                return shift.error();
            if (!shift.value())
                return Result<ReturnOutcome>(refusal(
                    ServiceError::Kind::Conflict, QStringLiteral("shift"),
                    QStringLiteral("Terminal %1 has no open shift: open one before taking a return.")
                        .arg(request.till.terminal)));
            QList<std::pair<QUuid, int>> refundItems;
            for (const auto &[item, quantity] : checked->lines)
                refundItems.append({item.orderItemId, quantity});
            const DbResult<std::optional<QUuid>> refund = m_requests.requestReturnRefund(
                sale->orderId, amount, refundItems, {reason, request.till.cashier, chain, now});
            if (!refund)
                return refund.error();
            if (!refund.value())
                return Result<ReturnOutcome>(ServiceError::conflict(
                    QStringLiteral("The payment of order %1 has less than %2 left to refund.")
                        .arg(sale->orderNumber, amount.toDecimalString())));
            const QUuid refundId = *refund.value();
            if (const DbResult<Done> recorded =
                    m_till.insertReturn(refundId, *shift.value(), request.till.cashier, authorisedBy);
                !recorded)
                return recorded.error();
            QString details = QStringLiteral("return from %1 (%2)").arg(sale->orderNumber, reason);
            if (!authorisedBy.isEmpty())
                details += QStringLiteral(", authorised by %1").arg(authorisedBy);
            if (const DbResult<Done> journaled =
                    m_till.journal(request.till.terminal, shift.value(), request.till.cashier, QStringLiteral("RETURN"),
                                   idText(refundId), amount, details);
                !journaled)
                return journaled.error();
            if (!transaction.commit())
                return transaction.error();
            return Result<ReturnOutcome>(ReturnOutcome{refundId, sale->orderNumber, sale->receiptNumber, sale->isCash,
                                                       checked->lines, amount, request.till.cashier, authorisedBy,
                                                       now});
        },
        Database::Retry::Never); // a write whose connection died may have committed
    if (!outcome)
        return failure(QStringLiteral("taking a return"), outcome.error());
    if (outcome.value())
        log::info("pos", QStringLiteral("return taken"),
                  {{QStringLiteral("orderNumber"), sale->orderNumber},
                   {QStringLiteral("refundId"), idText(outcome.value()->refundId)},
                   {QStringLiteral("amount"), amount.toDecimalString()},
                   {QStringLiteral("terminal"), request.till.terminal}});
    return outcome.value();
}

} // namespace shop
