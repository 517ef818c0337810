#pragma once

#include "dbresult.h"

#include <QSqlDatabase>
#include <QStringList>

namespace shop {

// A table's secondary indexes (neither its primary key nor a unique one,
// which constraints own), dropped for a bulk insert and built again after
// it. Building an index over a million rows at once is several times cheaper
// than updating it a row at a time. Both steps run in the caller's
// transaction: DROP INDEX locks the table until commit, and a rollback
// brings the indexes back as they were. The definitions are read from the
// catalog (pg_get_indexdef), so what comes back is exactly what the
// migrations made.
class SecondaryIndexes
{
public:
    // table: a schema-qualified name from our own code, e.g. "catalog.products".
    static DbResult<SecondaryIndexes> drop(QSqlDatabase &db, const QString &table);
    DbResult<Done> rebuild(QSqlDatabase &db) const;

private:
    QStringList m_definitions;
};

// A table's foreign keys, dropped for a bulk insert and added again after
// it: adding one checks every row in one join, where a kept one checks each
// inserted row on its own. Same transaction rules as SecondaryIndexes.
class ForeignKeys
{
public:
    static DbResult<ForeignKeys> drop(QSqlDatabase &db, const QString &table);
    DbResult<Done> restore(QSqlDatabase &db) const;

private:
    QString m_table;
    QStringList m_definitions; // "name FOREIGN KEY (...) REFERENCES ..."
};

} // namespace shop
