#pragma once

#include "dbresult.h"

#include <QSqlDatabase>
#include <QStringList>

namespace shop {

class StepTimer;

// What PostgreSQL maintains row by row on tables about to receive a bulk
// load into empty tables: their indexes, their primary and unique keys, and
// the foreign keys from and to them. All are dropped before the rows go in
// and made again once after: building an index over a million rows at once
// is several times cheaper than updating it a row at a time (random UUID
// keys touch a random leaf page per row), a key made again checks uniqueness
// in one sort, and a foreign key added again checks every row in one join.
// Foreign keys of other tables that point at a dropped key go too, since
// PostgreSQL refuses to drop a key one depends on. Everything runs in the
// caller's transaction: the drops lock the tables until commit, and a
// rollback brings everything back as it was. The definitions are read from
// the catalog (pg_get_indexdef, pg_get_constraintdef), so what comes back is
// exactly what the migrations made.
class BulkLoad
{
public:
    // tables: schema-qualified names from our own code, e.g. "orders.orders".
    static DbResult<BulkLoad> prepare(QSqlDatabase &db, const QStringList &tables);
    // Keys and indexes first, then the foreign keys, which need the keys
    // they point at. Each statement's time goes to steps.
    DbResult<Done> finish(QSqlDatabase &db, StepTimer &steps) const;

private:
    QStringList m_keysAndIndexes; // statements that make them again
    QStringList m_foreignKeys;
};

} // namespace shop
