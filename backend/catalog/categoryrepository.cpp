#include "categoryrepository.h"

#include "catalogsql.h"
#include "core/ids.h"
#include "db/database.h"

namespace shop {

namespace {

const QString kColumns = QStringLiteral(R"(id, name, description, created_at, updated_at)");

const QString kSelectAll = QStringLiteral(R"(
    SELECT %1 FROM catalog.categories ORDER BY name, id)").arg(kColumns);

const QString kSelectById = QStringLiteral(R"(
    SELECT %1 FROM catalog.categories WHERE id = $1)").arg(kColumns);

const QString kInsert = QStringLiteral(R"(
    INSERT INTO catalog.categories (name, description, created_at, updated_at)
    VALUES ($1, $2, $3, $3)
    RETURNING %1)").arg(kColumns);

const QString kUpdate = QStringLiteral(R"(
    UPDATE catalog.categories SET name = $1, description = $2, updated_at = $3
     WHERE id = $4
    RETURNING %1)").arg(kColumns);

// Absent fields are bound as NULL and keep the stored value, in one
// statement, so two patches of different fields cannot undo each other.
const QString kPatch = QStringLiteral(R"(
    UPDATE catalog.categories
       SET name = COALESCE($1::text, name), description = COALESCE($2::text, description), updated_at = $3
     WHERE id = $4
    RETURNING %1)").arg(kColumns);

const QString kDelete = QStringLiteral(R"(
    DELETE FROM catalog.categories WHERE id = $1)");

Category fromRow(const QSqlQuery &query)
{
    return {query.value(0).toUuid(), query.value(1).toString(), catalog::sql::optionalText(query.value(2)),
            query.value(3).toDateTime(), query.value(4).toDateTime()};
}

} // namespace

CategoryRepository::CategoryRepository(Database &database)
    : m_database(database)
{
}

DbResult<QList<Category>> CategoryRepository::findAll() const
{
    return fetchAll(*m_database.prepared(kSelectAll), {}, fromRow);
}

DbResult<std::optional<Category>> CategoryRepository::findById(const QUuid &id) const
{
    return fetchFirst(*m_database.prepared(kSelectById), {idText(id)}, fromRow);
}

DbResult<Category> CategoryRepository::insert(const CategoryDraft &draft, const QDateTime &now) const
{
    const DbResult<std::optional<Category>> inserted =
        fetchFirst(*m_database.prepared(kInsert), {draft.name, catalog::sql::text(draft.description), now}, fromRow);
    if (!inserted)
        return inserted.error();
    return inserted.value().value_or(Category()); // RETURNING always gives the row
}

DbResult<std::optional<Category>> CategoryRepository::update(const QUuid &id, const CategoryDraft &draft,
                                                             const QDateTime &now) const
{
    return fetchFirst(*m_database.prepared(kUpdate),
                      {draft.name, catalog::sql::text(draft.description), now, idText(id)}, fromRow);
}

DbResult<std::optional<Category>> CategoryRepository::update(const QUuid &id, const CategoryPatch &patch,
                                                             const QDateTime &now) const
{
    return fetchFirst(*m_database.prepared(kPatch),
                      {catalog::sql::text(patch.name), catalog::sql::text(patch.description), now, idText(id)},
                      fromRow);
}

DbResult<bool> CategoryRepository::remove(const QUuid &id) const
{
    return touchedAny(m_database.executeAndCount(kDelete, {idText(id)}));
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
