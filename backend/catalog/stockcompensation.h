#pragma once

#include "messaging/eventconsumer.h"
#include "messaging/processedevents.h"
#include "stockreservationrepository.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>

namespace shop {

class Database;
class Metrics;

// The catalog's side of the order pipeline: stock taken by an order whose
// payment failed, or which a manager cancelled, goes back to the products,
// exactly once per order (consumer group catalog-service-group, in `serve`).
class StockCompensation
{
public:
    StockCompensation(Database &database, Metrics &metrics);

    // payments.completed: FAILED ones restock; SUCCESS ones are only recorded.
    HandlingResult onPaymentCompleted(const IncomingMessage &message);
    // orders.cancelled
    HandlingResult onOrderCancelled(const IncomingMessage &message);
    // Housekeeping: forgets eventIds older than the topics' 7-day retention.
    void purgeProcessedEvents();

private:
    HandlingResult restock(const QUuid &eventId, const QString &eventType, const QUuid &orderId, const char *reason,
                           const QString &orderNumber);

    Database &m_database;
    StockReservationRepository m_reservations;
    ProcessedEvents m_processed;
    prometheus::Family<prometheus::Counter> &m_restockedOrders;
    prometheus::Family<prometheus::Counter> &m_restockedUnits;
};

} // namespace shop
