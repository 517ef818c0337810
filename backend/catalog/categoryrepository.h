#pragma once

#include "catalogtypes.h"

#include <QSqlError>

#include <optional>

namespace shop {

class Database;

// All SQL on catalog.categories. Each call runs one statement on the calling
// thread's connection and returns its error (invalid on success); callers run
// it inside Database::run, which may call it twice, so outputs are reset
// first. Business rules live in CatalogService.
class CategoryRepository
{
public:
    explicit CategoryRepository(Database &database);

    QSqlError findAll(QList<Category> &categories) const;
    QSqlError findById(const QUuid &id, std::optional<Category> &category) const;
    QSqlError insert(const CategoryDraft &draft, const QDateTime &now, Category &category) const;
    // category stays empty when no category has that id.
    QSqlError update(const QUuid &id, const CategoryDraft &draft, const QDateTime &now,
                     std::optional<Category> &category) const;
    QSqlError remove(const QUuid &id, bool &removed) const;

    static bool isDuplicateName(const QSqlError &error);
    // Products still point at the category (their foreign key is RESTRICT).
    static bool isStillInUse(const QSqlError &error);

private:
    Database &m_database;
};

} // namespace shop
