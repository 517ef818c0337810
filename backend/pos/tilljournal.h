#pragma once

#include "db/dbresult.h"
#include "shifttypes.h"

#include <QDate>

namespace shop {

class Database;

// The terminal journal (pos.journal): what happened at a till, by whom,
// when, where and in which shift. Rows are only ever added (the schema's
// trigger refuses UPDATE and DELETE).
class TillJournal
{
public:
    static constexpr int kMaxPageSize = 500;

    explicit TillJournal(Database &database);

    // Adds entry (its id and recordedAt are the database's) on this thread's
    // connection, so inside the caller's transaction when one is open: the
    // line is there exactly when what it tells of is. The till's returns call
    // it with kind RETURN, the refund id as reference, in their own
    // transaction.
    DbResult<Done> append(const JournalEntry &entry);

    // The entries of one local day with an id above afterId, at most limit
    // (1..kMaxPageSize) of them, in the order they were written.
    DbResult<JournalPage> day(QDate day, qint64 afterId, int limit);

private:
    Database &m_database;
};

} // namespace shop
