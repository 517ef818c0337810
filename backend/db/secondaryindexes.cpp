#include "secondaryindexes.h"

#include <QSqlQuery>
#include <QVariant>

namespace shop {

namespace {

const QString kSecondaryIndexes = QStringLiteral(R"(
    SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
      FROM pg_index
     WHERE indrelid = $1::regclass AND NOT indisunique AND NOT indisprimary
     ORDER BY indexrelid)");

const QString kForeignKeys = QStringLiteral(R"(
    SELECT quote_ident(conname), pg_get_constraintdef(oid)
      FROM pg_constraint
     WHERE conrelid = $1::regclass AND contype = 'f'
     ORDER BY oid)");

} // namespace

DbResult<SecondaryIndexes> SecondaryIndexes::drop(QSqlDatabase &db, const QString &table)
{
    QSqlQuery query(db);
    if (!query.prepare(kSecondaryIndexes))
        return query.lastError();
    query.addBindValue(table);
    if (!query.exec())
        return query.lastError();
    SecondaryIndexes indexes;
    QStringList names;
    while (query.next()) {
        names.append(query.value(0).toString());
        indexes.m_definitions.append(query.value(1).toString());
    }
    for (const QString &name : names) {
        QSqlQuery dropIndex(db);
        if (!dropIndex.exec(QStringLiteral("DROP INDEX ") + name))
            return dropIndex.lastError();
    }
    return indexes;
}

DbResult<Done> SecondaryIndexes::rebuild(QSqlDatabase &db) const
{
    for (const QString &definition : m_definitions) {
        QSqlQuery query(db);
        if (!query.exec(definition))
            return query.lastError();
    }
    return Done{};
}

DbResult<ForeignKeys> ForeignKeys::drop(QSqlDatabase &db, const QString &table)
{
    QSqlQuery query(db);
    if (!query.prepare(kForeignKeys))
        return query.lastError();
    query.addBindValue(table);
    if (!query.exec())
        return query.lastError();
    ForeignKeys keys;
    keys.m_table = table;
    QStringList names;
    while (query.next()) {
        names.append(query.value(0).toString());
        keys.m_definitions.append(query.value(0).toString() + u' ' + query.value(1).toString());
    }
    for (const QString &name : names) {
        QSqlQuery dropKey(db);
        if (!dropKey.exec(QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2").arg(table, name)))
            return dropKey.lastError();
    }
    return keys;
}

DbResult<Done> ForeignKeys::restore(QSqlDatabase &db) const
{
    for (const QString &definition : m_definitions) {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2").arg(m_table, definition)))
            return query.lastError();
    }
    return Done{};
}

} // namespace shop
