#include "categoryrepository.h"

#include "catalogsql.h"
#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

const QString kColumns = QStringLiteral("id, name, description, created_at, updated_at");

const QString kSelectAll = QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM catalog.categories ORDER BY name, id");

const QString kSelectById = QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM catalog.categories WHERE id = $1");

const QString kInsert = QStringLiteral(
    "INSERT INTO catalog.categories (name, description, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING ")
    + kColumns;

const QString kUpdate = QStringLiteral(
    "UPDATE catalog.categories SET name = $1, description = $2, updated_at = $3 WHERE id = $4 RETURNING ")
    + kColumns;

const QString kDelete = QStringLiteral("DELETE FROM catalog.categories WHERE id = $1");

Category fromRow(const QSqlQuery &query)
{
    return {query.value(0).toUuid(), query.value(1).toString(), catalog::sql::optionalText(query.value(2)),
            query.value(3).toDateTime(), query.value(4).toDateTime()};
}

// Runs a statement that returns at most one category row.
QSqlError fetchOne(QSqlQuery &query, const QVariantList &values, std::optional<Category> &category)
{
    category.reset();
    if (!execPrepared(query, values))
        return query.lastError();
    if (query.next())
        category = fromRow(query);
    query.finish();
    return {};
}

} // namespace

CategoryRepository::CategoryRepository(Database &database)
    : m_database(database)
{
}

QSqlError CategoryRepository::findAll(QList<Category> &categories) const
{
    categories.clear();
    auto query = m_database.prepared(kSelectAll);
    if (!execPrepared(*query, {}))
        return query->lastError();
    while (query->next())
        categories.append(fromRow(*query));
    return {};
}

QSqlError CategoryRepository::findById(const QUuid &id, std::optional<Category> &category) const
{
    return fetchOne(*m_database.prepared(kSelectById), {idText(id)}, category);
}

QSqlError CategoryRepository::insert(const CategoryDraft &draft, const QDateTime &now, Category &category) const
{
    std::optional<Category> inserted;
    const QSqlError error =
        fetchOne(*m_database.prepared(kInsert), {draft.name, catalog::sql::text(draft.description), now}, inserted);
    if (!error.isValid() && inserted)
        category = *inserted;
    return error;
}

QSqlError CategoryRepository::update(const QUuid &id, const CategoryDraft &draft, const QDateTime &now,
                                     std::optional<Category> &category) const
{
    return fetchOne(*m_database.prepared(kUpdate),
                    {draft.name, catalog::sql::text(draft.description), now, idText(id)}, category);
}

QSqlError CategoryRepository::remove(const QUuid &id, bool &removed) const
{
    removed = false;
    auto query = m_database.prepared(kDelete);
    if (!execPrepared(*query, {idText(id)}))
        return query->lastError();
    removed = query->numRowsAffected() > 0;
    query->finish();
    return {};
}

bool CategoryRepository::isDuplicateName(const QSqlError &error)
{
    return catalog::sql::violates(error, catalog::sql::kUniqueViolation, "categories_name_uq");
}

bool CategoryRepository::isStillInUse(const QSqlError &error)
{
    // Any referencing row counts, whichever table's foreign key it is.
    return error.nativeErrorCode() == QLatin1String(catalog::sql::kForeignKeyViolation);
}

} // namespace shop
