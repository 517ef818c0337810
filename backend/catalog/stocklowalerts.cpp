#include "stocklowalerts.h"

#include "core/log.h"
#include "db/database.h"

#include <algorithm>

namespace shop {

namespace {

const QString kNow = QStringLiteral(R"(
    SELECT now())");

// Served by outbox_stock_low_idx (sql/catalog V8).
const QString kSelectSince = QStringLiteral(R"(
    SELECT payload, created_at FROM catalog.outbox
     WHERE event_type = 'STOCK_LOW' AND created_at > $1
     ORDER BY created_at DESC, id DESC
     LIMIT $2)");

} // namespace

StockLowAlertRepository::StockLowAlertRepository(Database &database)
    : m_database(database)
{
}

DbResult<StockLowAlerts> StockLowAlertRepository::recordedSince(const std::optional<QDateTime> &since,
                                                                 int limit) const
{
    const DbResult<std::optional<QDateTime>> now =
        fetchFirst(*m_database.prepared(kNow), {}, [](const QSqlQuery &query) { return query.value(0).toDateTime(); });
    if (!now)
        return now.error();
    StockLowAlerts look;
    look.databaseNow = now.value().value_or(QDateTime()).toUTC();
    if (!since)
        return look;
    const DbResult<QList<std::optional<StockLowAlert>>> rows = fetchAll(
        *m_database.prepared(kSelectSince), {since->toUTC(), limit},
        [](const QSqlQuery &query) -> std::optional<StockLowAlert> {
            const Result<StockLowEvent> event = StockLowEvent::parse(query.value(0).toString().toUtf8());
            if (!event) {
                log::warn("catalog", QStringLiteral("a StockLow outbox row does not parse"),
                          {{QStringLiteral("error"), fieldErrorsText(event.error().fields)}});
                return std::nullopt;
            }
            return StockLowAlert{event.value(), query.value(1).toDateTime().toUTC()};
        });
    if (!rows)
        return rows.error();
    for (const std::optional<StockLowAlert> &row : rows.value()) {
        if (row)
            look.alerts.append(*row);
    }
    return look;
}

StockLowFeed::StockLowFeed(int maxRemembered)
    : m_maxRemembered(maxRemembered)
{
}

std::optional<QDateTime> StockLowFeed::since() const
{
    if (!m_databaseNow)
        return std::nullopt;
    return m_databaseNow->addSecs(-kLookbackSeconds);
}

QList<StockLowEvent> StockLowFeed::takeNew(const StockLowAlerts &look)
{
    const bool isFirstLook = !m_databaseNow;
    m_databaseNow = look.databaseNow;
    QList<StockLowEvent> fresh;
    if (isFirstLook)
        return fresh;
    for (auto alert = look.alerts.crbegin(); alert != look.alerts.crend(); ++alert) { // oldest first
        if (m_shown.contains(alert->event.eventId))
            continue;
        m_shown.insert(alert->event.eventId, alert->recordedAt);
        fresh.append(alert->event);
    }
    forgetOld();
    return fresh;
}

void StockLowFeed::forgetOld()
{
    const QDateTime horizon = *since();
    m_shown.removeIf([&](QHash<QUuid, QDateTime>::iterator entry) { return entry.value() < horizon; });
    if (m_shown.size() <= m_maxRemembered)
        return;
    // Over the bound (a burst of alerts): keep the newest. An older one that a
    // look returned again would be shown twice, which beats growing forever.
    QList<QDateTime> times = m_shown.values();
    std::sort(times.begin(), times.end());
    const QDateTime keepFrom = times.at(times.size() - m_maxRemembered);
    m_shown.removeIf([&](QHash<QUuid, QDateTime>::iterator entry) { return entry.value() < keepFrom; });
    while (m_shown.size() > m_maxRemembered) // equal times at the cut
        m_shown.erase(m_shown.begin());
}

} // namespace shop
