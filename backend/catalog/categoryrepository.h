#pragma once

#include "catalogtypes.h"
#include "db/dbresult.h"

#include <optional>

namespace shop {

class Database;

// All SQL on catalog.categories. Each call runs one statement on the calling
// thread's connection and answers its rows or the driver's error; callers
// run it inside Database::run. Business rules live in CatalogService.
class CategoryRepository
{
public:
    explicit CategoryRepository(Database &database);

    DbResult<QList<Category>> findAll() const;
    DbResult<std::optional<Category>> findById(const QUuid &id) const;
    DbResult<Category> insert(const CategoryDraft &draft, const QDateTime &now) const;
    // Empty when no category has that id.
    DbResult<std::optional<Category>> update(const QUuid &id, const CategoryDraft &draft, const QDateTime &now) const;
    // Changes only the fields the patch sets; empty when no category has that id.
    DbResult<std::optional<Category>> update(const QUuid &id, const CategoryPatch &patch, const QDateTime &now) const;
    // False when no category has that id.
    DbResult<bool> remove(const QUuid &id) const;

    static bool isDuplicateName(const QSqlError &error);
    // Products still point at the category (their foreign key is RESTRICT).
    static bool isStillInUse(const QSqlError &error);

private:
    Database &m_database;
};

} // namespace shop
