#pragma once

#include "catalog/stocklowalerts.h"

#include <QObject>

class QTimer;

namespace shop {

class CatalogService;

// Looks for new StockLow events every few seconds, off the GUI thread, and
// tells the window about the ones it has not shown yet. It reads them from
// catalog.outbox (through CatalogService) rather than consuming the stock.low
// topic: the window already has the database, while a Kafka consumer would
// need the broker reachable from every desktop, a consumer group per window
// and offsets to manage; the outbox row exists exactly when the stock change
// committed, and the look is one index read (sql/catalog V8).
class StockLowWatcher : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StockLowWatcher)

public:
    static constexpr int kLookIntervalMs = 5000;

    explicit StockLowWatcher(CatalogService &catalog, QObject *parent = nullptr);

    void setLookInterval(int milliseconds);
    // One look now, unless one is on its way.
    void look();

Q_SIGNALS:
    // New alerts, oldest first.
    void alertsArrived(const QList<shop::StockLowEvent> &events);
    // After every completed look (tests wait for it).
    void looked();

private:
    CatalogService &m_catalog;
    StockLowFeed m_feed;
    bool m_isLooking = false;
    QTimer *m_timer = nullptr;
};

} // namespace shop
