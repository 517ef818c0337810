#include "stockcompensation.h"

#include "core/log.h"
#include "core/metrics.h"
#include "db/database.h"
#include "events/ordercancelledevent.h"
#include "events/paymentcompletedevent.h"

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
    for (const char *reason : {"payment_failed", "order_cancelled"}) {
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

HandlingResult StockCompensation::restock(const QUuid &eventId, const QString &eventType, const QUuid &orderId,
                                          const char *reason, const QString &orderNumber)
{
    qint64 units = 0;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &db) {
            units = 0;
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            bool isNew = false;
            if (QSqlError e = m_processed.record(eventId, eventType, isNew); e.isValid() || !isNew)
                return e;
            if (QSqlError e = m_reservations.releaseOrder(orderId, QLatin1String(reason), units); e.isValid())
                return e;
            transaction.commit();
            return transaction.error();
        },
        Database::Retry::OnceIfConnectionLost);
    if (error.isValid())
        return databaseFailureResult("catalog", "restocking", error);
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
