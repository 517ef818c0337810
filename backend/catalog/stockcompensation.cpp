#include "stockcompensation.h"

#include "core/log.h"
#include "core/metrics.h"
#include "db/database.h"
#include "events/ordercancelledevent.h"
#include "events/paymentcompletedevent.h"
#include "events/refundevents.h"

namespace shop {

StockCompensation::StockCompensation(Database &database, Metrics &metrics)
    : m_database(database)
    , m_reservations(database)
    , m_processed(database, QStringLiteral("catalog.processed_events"))
    , m_restockedOrders(prometheus::BuildCounter()
                            .Name("stock_restocked_orders_total")
                            .Help("Orders whose stock went back to the catalog, by reason")
                            .Register(metrics.registry()))
    , m_restockedUnits(prometheus::BuildCounter()
                           .Name("stock_restocked_units_total")
                           .Help("Units given back to the catalog, by reason")
                           .Register(metrics.registry()))
{
    for (const char *reason : {"payment_failed", "order_cancelled", "returned"}) {
        m_restockedOrders.Add({{"reason", reason}});
        m_restockedUnits.Add({{"reason", reason}});
    }
}

HandlingResult StockCompensation::onPaymentCompleted(const IncomingMessage &message)
{
    const Result<PaymentCompletedEvent> event = PaymentCompletedEvent::parse(message.payload);
    if (!event)
        return HandlingResult::invalid(fieldErrorsText(event.error().fields));
    if (event->isSuccess)
        return HandlingResult::done();
    return restock(event->eventId, QLatin1String(PaymentCompletedEvent::kType), event->orderId, "payment_failed",
                   event->orderNumber);
}

HandlingResult StockCompensation::onOrderCancelled(const IncomingMessage &message)
{
    const Result<OrderCancelledEvent> event = OrderCancelledEvent::parse(message.payload);
    if (!event)
        return HandlingResult::invalid(fieldErrorsText(event.error().fields));
    return restock(event->eventId, QLatin1String(OrderCancelledEvent::kType), event->orderId, "order_cancelled",
                   event->orderNumber);
}

HandlingResult StockCompensation::onPaymentRefunded(const IncomingMessage &message)
{
    const Result<PaymentRefundedEvent> event = PaymentRefundedEvent::parse(message.payload);
    if (!event)
        return HandlingResult::invalid(fieldErrorsText(event.error().fields));
    // Only a paid return: PaymentRefunded SUCCEEDED is written once per
    // refund (the daemon moves a refund out of REQUESTED once), and the
    // eventId below makes a redelivery change nothing.
    if (!event->isSuccess || event->refund.kind != u"RETURN")
        return HandlingResult::done();
    QList<std::pair<QUuid, int>> units;
    for (const RefundItem &item : event->refund.items)
        units.append({item.productId, item.quantity});
    return restock(event->eventId, QLatin1String(PaymentRefundedEvent::kType), event->refund.orderId, "returned",
                   event->refund.orderNumber, units);
}

HandlingResult StockCompensation::restock(const QUuid &eventId, const QString &eventType, const QUuid &orderId,
                                          const char *reason, const QString &orderNumber,
                                          const std::optional<QList<std::pair<QUuid, int>>> &returned)
{
    const DbResult<qint64> restocked = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<qint64> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            const DbResult<bool> isNew = m_processed.record(eventId, eventType);
            if (!isNew)
                return isNew.error();
            if (!isNew.value())
                return qint64(0); // applied before: nothing to give back
            const DbResult<qint64> units = returned ? m_reservations.releaseReturned(orderId, *returned)
                                                    : m_reservations.releaseOrder(orderId, QLatin1String(reason));
            if (!units)
                return units;
            if (!transaction.commit())
                return transaction.error();
            return units;
        },
        Database::Retry::OnceIfConnectionLost);
    if (!restocked)
        return databaseFailureResult("catalog", "restocking", restocked.error());
    const qint64 units = restocked.value();
    if (units > 0) {
        m_restockedOrders.Add({{"reason", reason}}).Increment();
        m_restockedUnits.Add({{"reason", reason}}).Increment(double(units));
        log::info("catalog", QStringLiteral("stock returned"), {{QStringLiteral("orderNumber"), orderNumber},
                                                                {QStringLiteral("units"), units},
                                                                {QStringLiteral("reason"), QLatin1String(reason)}});
    }
    return HandlingResult::done();
}

void StockCompensation::purgeProcessedEvents()
{
    m_processed.purgeExpired();
}

} // namespace shop
