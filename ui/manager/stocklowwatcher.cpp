#include "stocklowwatcher.h"

#include "catalog/catalogservice.h"
#include "core/log.h"
#include "ui/common/backgroundtask.h"

#include <QTimer>

namespace shop {

StockLowWatcher::StockLowWatcher(CatalogService &catalog, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(kLookIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &StockLowWatcher::look);
    look(); // the first look only reads the clock: what came before is not news
    m_timer->start();
}

void StockLowWatcher::setLookInterval(int milliseconds)
{
    m_timer->setInterval(milliseconds);
}

void StockLowWatcher::look()
{
    if (m_isLooking)
        return;
    m_isLooking = true;
    CatalogService &catalog = m_catalog;
    const std::optional<QDateTime> since = m_feed.since();
    runInBackground(this, [&catalog, since] { return catalog.stockLowAlertsSince(since); },
                    [this](const Result<StockLowAlerts> &look) {
                        m_isLooking = false;
                        if (look) {
                            const QList<StockLowEvent> fresh = m_feed.takeNew(look.value());
                            if (!fresh.isEmpty())
                                Q_EMIT alertsArrived(fresh);
                        } else {
                            // The next look tries again; the dashboard shows the outage.
                            log::warn("gui", QStringLiteral("cannot look for stock alerts"),
                                      {{QStringLiteral("error"), look.error().detail}});
                        }
                        Q_EMIT looked();
                    });
}

} // namespace shop
