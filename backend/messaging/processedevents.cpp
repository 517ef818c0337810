#include "processedevents.h"

#include "core/ids.h"
#include "core/log.h"
#include "db/database.h"

namespace shop {

ProcessedEvents::ProcessedEvents(Database &database, const QString &table)
    : m_database(database)
    , m_table(table)
    , m_insert(QStringLiteral("INSERT INTO %1 (event_id, event_type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING")
                   .arg(table))
    , m_purge(QStringLiteral("DELETE FROM %1 WHERE processed_at < now() - make_interval(days => $1)").arg(table))
{
}

QSqlError ProcessedEvents::record(const QUuid &eventId, const QString &eventType, bool &isNew)
{
    int inserted = 0;
    const QSqlError error = m_database.execute(m_insert, {idText(eventId), eventType}, &inserted);
    isNew = inserted == 1;
    return error;
}

void ProcessedEvents::purgeExpired()
{
    constexpr int kRetentionDays = 7;
    int deleted = 0;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &) { return m_database.execute(m_purge, {kRetentionDays}, &deleted); },
        Database::Retry::OnceIfConnectionLost);
    if (error.isValid())
        log::warn("events", QStringLiteral("purge of %1 failed").arg(m_table), {{QStringLiteral("error"), error.text()}});
    else if (deleted > 0)
        log::info("events", QStringLiteral("old entries of %1 deleted").arg(m_table), {{QStringLiteral("count"), deleted}});
}

} // namespace shop
