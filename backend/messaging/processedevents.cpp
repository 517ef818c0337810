#include "processedevents.h"

#include "core/ids.h"
#include "core/log.h"
#include "db/database.h"

namespace shop {

namespace {

constexpr int kRetentionDays = 7;

// %1 is the table of processed events.
const QString kInsert = QStringLiteral(R"(
    INSERT INTO %1 (event_id, event_type) VALUES ($1, $2)
    ON CONFLICT (event_id) DO NOTHING)");

const QString kPurge = QStringLiteral(R"(
    DELETE FROM %1 WHERE processed_at < now() - make_interval(days => $1))");

} // namespace

ProcessedEvents::ProcessedEvents(Database &database, const QString &table)
    : m_database(database)
    , m_table(table)
    , m_insert(kInsert.arg(table))
    , m_purge(kPurge.arg(table))
{
}

DbResult<bool> ProcessedEvents::record(const QUuid &eventId, const QString &eventType)
{
    return touchedAny(m_database.executeAndCount(m_insert, {idText(eventId), eventType}));
}

void ProcessedEvents::purgeExpired()
{
    const DbResult<int> deleted =
        m_database.run([&](QSqlDatabase &) { return m_database.executeAndCount(m_purge, {kRetentionDays}); },
                       Database::Retry::OnceIfConnectionLost);
    if (!deleted)
        log::warn("events", QStringLiteral("purge of %1 failed").arg(m_table),
                  {{QStringLiteral("error"), deleted.error().text()}});
    else if (deleted.value() > 0)
        log::info("events", QStringLiteral("old entries of %1 deleted").arg(m_table),
                  {{QStringLiteral("count"), deleted.value()}});
}

} // namespace shop
