#pragma once

#include "messaging/eventconsumer.h"
#include "messaging/processedevents.h"
#include "stockreservationrepository.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>

#include <optional>

namespace shop {

class Database;
class Metrics;

// The catalog's side of the order pipeline: stock taken by an order whose
// payment failed, or which a manager cancelled, goes back to the products,
// exactly once per order; items returned at the till go back once their
// refund is paid, exactly once per refund (consumer group
// catalog-service-group, in `serve`).
class StockCompensation
{
public:
    StockCompensation(Database &database, Metrics &metrics);

    // payments.completed: FAILED ones restock; SUCCESS ones are only recorded.
    HandlingResult onPaymentCompleted(const IncomingMessage &message);
    // orders.cancelled
    HandlingResult onOrderCancelled(const IncomingMessage &message);
    // payments.refunded: a SUCCEEDED RETURN restocks its items (a
    // CANCELLATION's stock comes back through orders.cancelled).
    HandlingResult onPaymentRefunded(const IncomingMessage &message);
    // Housekeeping: forgets eventIds older than the topics' 7-day retention.
    void purgeProcessedEvents();

private:
    // The whole order's reservations, or only the returned units (productId, quantity).
    HandlingResult restock(const QUuid &eventId, const QString &eventType, const QUuid &orderId, const char *reason,
                           const QString &orderNumber,
                           const std::optional<QList<std::pair<QUuid, int>>> &returned = std::nullopt);

    Database &m_database;
    StockReservationRepository m_reservations;
    ProcessedEvents m_processed;
    prometheus::Family<prometheus::Counter> &m_restockedOrders;
    prometheus::Family<prometheus::Counter> &m_restockedUnits;
};

} // namespace shop
