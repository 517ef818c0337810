#pragma once

#include "orderstatistics.h"

#include <QSqlError>

namespace shop {

class Database;

// The dashboard's aggregate SQL over orders.orders. Like OrderRepository,
// each call runs on the calling thread's connection and resets its output
// first (Database::run may call it twice).
class OrderStatisticsRepository
{
public:
    explicit OrderStatisticsRepository(Database &database);

    // Figures for the half-open period [from, to).
    QSqlError periodFigures(const QDateTime &from, const QDateTime &to, OrderFigures &figures) const;
    // Every order by its current status.
    QSqlError countByStatus(QMap<OrderStatus, qint64> &counts) const;

private:
    Database &m_database;
};

} // namespace shop
