#pragma once

#include "db/dbresult.h"
#include "orderstatistics.h"

namespace shop {

class Database;

// The dashboard's aggregate SQL over orders.orders. Like OrderRepository,
// each call runs on the calling thread's connection and answers its figures
// or the driver's error.
class OrderStatisticsRepository
{
public:
    explicit OrderStatisticsRepository(Database &database);

    // Figures for the half-open period [from, to), byStatus left empty.
    DbResult<OrderFigures> periodFigures(const QDateTime &from, const QDateTime &to) const;
    // Every order by its current status.
    DbResult<QMap<OrderStatus, qint64>> countByStatus() const;

private:
    Database &m_database;
};

} // namespace shop
