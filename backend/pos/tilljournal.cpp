#include "tilljournal.h"

#include "core/ids.h"
#include "db/database.h"

#include <algorithm>

namespace shop {

namespace {

const QString kInsert = QStringLiteral(R"(
    INSERT INTO pos.journal (terminal, shift_id, actor, kind, reference, amount_cents, details)
    VALUES ($1, $2::uuid, $3, $4, $5::text, $6::bigint, $7::text))");

// One more row than asked for tells whether there is a next page.
const QString kSelectDay = QStringLiteral(R"(
    SELECT id, recorded_at, terminal, shift_id, actor, kind, reference, amount_cents, details
      FROM pos.journal
     WHERE recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz AND id > $3
     ORDER BY id
     LIMIT $4)");

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

} // namespace

TillJournal::TillJournal(Database &database)
    : m_database(database)
{
}

DbResult<Done> TillJournal::append(const JournalEntry &entry)
{
    return m_database.execute(kInsert, {entry.terminal, entry.shiftId ? QVariant(idText(*entry.shiftId)) : QVariant(),
                                        entry.actor, entry.kind, textOrNull(entry.reference),
                                        entry.amount ? QVariant(entry.amount->cents()) : QVariant(),
                                        textOrNull(entry.details)});
}

DbResult<JournalPage> TillJournal::day(QDate day, qint64 afterId, int limit)
{
    limit = std::clamp(limit, 1, kMaxPageSize);
    const QDateTime from = day.startOfDay();
    const QDateTime to = day.addDays(1).startOfDay();
    const DbResult<QList<JournalEntry>> rows = fetchAll(
        *m_database.prepared(kSelectDay), {from, to, afterId, limit + 1}, [](const QSqlQuery &query) {
            JournalEntry entry;
            entry.id = query.value(0).toLongLong();
            entry.recordedAt = query.value(1).toDateTime();
            entry.terminal = query.value(2).toString();
            if (!query.value(3).isNull())
                entry.shiftId = idValue(query.value(3));
            entry.actor = query.value(4).toString();
            entry.kind = query.value(5).toString();
            entry.reference = query.value(6).toString();
            if (!query.value(7).isNull())
                entry.amount = Money::fromCents(query.value(7).toLongLong());
            entry.details = query.value(8).toString();
            return entry;
        });
    if (!rows)
        return rows.error();
    JournalPage page;
    page.items = rows.value();
    if (page.items.size() > limit) {
        page.items.removeLast();
        page.nextAfterId = page.items.last().id;
    }
    return page;
}

} // namespace shop
