#pragma once

#include "db/dbresult.h"
#include "reporttypes.h"

namespace shop {

class Database;

// The reports' aggregate SQL over the orders schema. Every figure is a sum
// or count computed by PostgreSQL; what comes back is one row per bucket,
// category, product or payment kind, never one per order. Each call runs on
// the calling thread's connection.
//
// Reads beyond orders: catalog.products and catalog.categories for the
// category names (the order items keep the product id, not its category),
// and pos.sales, whose row for an order number marks it as rung up at a till.
class ReportRepository
{
public:
    explicit ReportRepository(Database &database);

    DbResult<QList<SalesBucket>> salesOverTime(const ReportPeriod &period) const;
    DbResult<QList<CategorySales>> salesByCategory(const ReportPeriod &period) const;
    // kTopProducts of each.
    DbResult<QList<ProductSales>> topProductsByRevenue(const ReportPeriod &period) const;
    DbResult<QList<ProductSales>> topProductsByUnits(const ReportPeriod &period) const;
    DbResult<QList<PaymentMix>> paymentMix(const ReportPeriod &period) const;
    DbResult<QList<PaymentProblemsBucket>> paymentProblems(const ReportPeriod &period) const;

private:
    Database &m_database;
};

} // namespace shop
