#include "refundrequests.h"

#include "core/ids.h"
#include "db/database.h"
#include "events/refundevents.h"

namespace shop {

RefundRequests::RefundRequests(Database &database)
    : m_refunds(database)
    , m_outbox(database, QStringLiteral("orders.outbox"))
{
}

DbResult<std::optional<QUuid>> RefundRequests::requestCancellationRefund(const QUuid &orderId, const Origin &origin)
{
    const DbResult<std::optional<RefundablePayment>> payment = m_refunds.paymentOf(orderId);
    if (!payment)
        return payment.error();
    if (!payment.value() || !payment.value()->isSettledAsSuccess || payment.value()->left.cents() <= 0)
        return std::optional<QUuid>();
    const DbResult<QList<std::pair<QUuid, int>>> items = m_refunds.wholeOrder(orderId);
    if (!items)
        return items.error();
    return request({QUuid::createUuid(), orderId, payment.value()->paymentId, refundkinds::cancellation,
                    payment.value()->left, origin.reason, origin.requestedBy, origin.correlationId, items.value()},
                   origin);
}

DbResult<std::optional<QUuid>> RefundRequests::requestReturnRefund(const QUuid &orderId, Money amount,
                                                                   const QList<std::pair<QUuid, int>> &items,
                                                                   const Origin &origin)
{
    const DbResult<std::optional<RefundablePayment>> payment = m_refunds.paymentOf(orderId);
    if (!payment)
        return payment.error();
    if (!payment.value() || !payment.value()->isSettledAsSuccess || payment.value()->left < amount)
        return std::optional<QUuid>();
    return request({QUuid::createUuid(), orderId, payment.value()->paymentId, refundkinds::itemReturn, amount,
                    origin.reason, origin.requestedBy, origin.correlationId, items},
                   origin);
}

DbResult<std::optional<QUuid>> RefundRequests::request(const RefundDraft &draft, const Origin &origin)
{
    const DbResult<bool> inserted = m_refunds.insert(draft);
    if (!inserted)
        return inserted.error();
    if (!inserted.value())
        return std::optional<QUuid>(); // the order's cancellation refund exists already
    const DbResult<std::optional<Refund>> refund = m_refunds.findById(draft.id);
    if (!refund)
        return refund.error();
    if (!refund.value()) // inserted in this transaction: cannot be missing
        return QSqlError(QStringLiteral("refund not found after insert"), {}, QSqlError::UnknownError);
    if (const DbResult<Done> announced = announce(*refund.value(), origin); !announced)
        return announced.error();
    return std::optional<QUuid>(draft.id);
}

DbResult<Done> RefundRequests::announce(const Refund &refund, const Origin &origin)
{
    const DbResult<QList<RefundItem>> items = m_refunds.itemsOf(refund.id);
    if (!items)
        return items.error();
    RefundRequestedEvent event;
    event.eventId = QUuid::createUuid();
    event.timestamp = origin.at;
    event.correlationId = origin.correlationId;
    event.refund = {refund.id, refund.orderId, refund.orderNumber, refund.amount, refund.kind, items.value()};
    event.reason = origin.reason;
    event.requestedBy = origin.requestedBy;
    return m_outbox.append({event.eventId, refund.orderId, QLatin1String(RefundRequestedEvent::kType),
                            QLatin1String(RefundRequestedEvent::kTopic), idText(refund.orderId), event.toJson(),
                            event.correlationId});
}

} // namespace shop
