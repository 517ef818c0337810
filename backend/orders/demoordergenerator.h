#pragma once

#include "db/dbresult.h"

#include <QString>

namespace shop {

class Database;

// Fills the order tables with as many generated orders as asked (up to ten
// million) for load tests and measurements, each as the engine would have
// left it: 1 to 4 items of active catalog products at their prices, the
// subtotal their sum, and by age and chance PAID, FULFILLED (tracking
// number, carrier), FAILED (declined payment), CANCELLED after payment
// (with its succeeded CANCELLATION refund, payment REFUNDED) or, in the last
// hour, PENDING; each with its status history, payment transaction and the
// mock gateway's ledger rows. Customers repeat (about five orders each).
// Creation times spread over two years up to now; order numbers come from
// catalog.order_number_seq, the sequence checkout takes them from, so later
// checkouts never collide with them.
//
// The one place the orders module reads catalog tables (products for the
// items, the order number sequence): generated orders have no checkout
// behind them. One transaction of set-based statements, secondary indexes
// built and foreign keys checked once at the end. For local runs only.
class DemoOrderGenerator
{
public:
    static constexpr qint64 kMaxOrders = 10'000'000;

    explicit DemoOrderGenerator(Database &database);

    // Whether orders.orders holds no row at all.
    DbResult<bool> isEmpty() const;
    // Whether the catalog has an active product to order.
    DbResult<bool> hasProducts() const;
    // Adds count orders, their ids and references derived from runToken
    // ([A-Z0-9]+, different for every run); answers how many were added.
    DbResult<qint64> generate(qint64 count, const QString &runToken);

private:
    Database &m_database;
};

} // namespace shop
