#include "bulkload.h"

#include "core/steptimer.h"

#include <QSqlQuery>
#include <QVariant>

namespace shop {

namespace {

// Every query returns: the statement that drops it, the one that makes it again.
const QString kForeignKeys = QStringLiteral(R"(
    SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
           format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      FROM pg_constraint
     WHERE contype = 'f'
       AND (conrelid = ANY(string_to_array($1, ',')::regclass[]) OR confrelid = ANY(string_to_array($1, ',')::regclass[]))
     ORDER BY oid)");

const QString kKeys = QStringLiteral(R"(
    SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
           format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      FROM pg_constraint
     WHERE contype IN ('p', 'u') AND conrelid = ANY(string_to_array($1, ',')::regclass[])
     ORDER BY conrelid, contype, oid)");

// Indexes no constraint owns (a key's index goes with its key).
const QString kIndexes = QStringLiteral(R"(
    SELECT format('DROP INDEX %s', indexrelid::regclass), pg_get_indexdef(indexrelid)
      FROM pg_index i
     WHERE indrelid = ANY(string_to_array($1, ',')::regclass[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)
     ORDER BY indrelid, indexrelid)");

// Runs the catalog query, then each drop statement it gives; returns the
// statements that make them again.
DbResult<QStringList> dropAll(QSqlDatabase &db, const QString &catalogQuery, const QStringList &tables)
{
    QSqlQuery query(db);
    if (!query.prepare(catalogQuery))
        return query.lastError();
    query.addBindValue(tables.join(u','));
    if (!query.exec())
        return query.lastError();
    QStringList drops;
    QStringList remakes;
    while (query.next()) {
        drops.append(query.value(0).toString());
        remakes.append(query.value(1).toString());
    }
    for (const QString &drop : drops) {
        QSqlQuery statement(db);
        if (!statement.exec(drop))
            return statement.lastError();
    }
    return remakes;
}

} // namespace

DbResult<BulkLoad> BulkLoad::prepare(QSqlDatabase &db, const QStringList &tables)
{
    BulkLoad load;
    // Foreign keys first: they depend on the keys.
    const DbResult<QStringList> foreignKeys = dropAll(db, kForeignKeys, tables);
    if (!foreignKeys)
        return foreignKeys.error();
    load.m_foreignKeys = foreignKeys.value();
    for (const QString &catalogQuery : {kKeys, kIndexes}) {
        const DbResult<QStringList> remakes = dropAll(db, catalogQuery, tables);
        if (!remakes)
            return remakes.error();
        load.m_keysAndIndexes.append(remakes.value());
    }
    return load;
}

DbResult<Done> BulkLoad::finish(QSqlDatabase &db, StepTimer &steps) const
{
    for (const QStringList &statements : {m_keysAndIndexes, m_foreignKeys}) {
        for (const QString &statement : statements) {
            QSqlQuery query(db);
            if (!query.exec(statement))
                return query.lastError();
            steps.done(statement.left(100));
        }
    }
    return Done{};
}

} // namespace shop
