#pragma once

#include "catalogimport.h"
#include "db/dbresult.h"

#include <QDateTime>
#include <QSet>

class QSqlDatabase;

namespace shop {

class Database;

// Set-based writes of many products at once, for the CSV import: each call
// sends a whole batch as one JSON parameter (jsonb_to_recordset) in one
// statement, instead of a round trip per row. Runs on the calling thread's
// connection, inside the caller's transaction.
class ProductBatchRepository
{
public:
    explicit ProductBatchRepository(Database &database);

    // Inserts the rows' products; a SKU stored meanwhile is skipped, not
    // overwritten. Answers the SKUs inserted.
    DbResult<QSet<QString>> insertNew(const QList<catalog::ImportRow> &rows, const QDateTime &now) const;
    // Writes each row's fields over its product (productId) where the stored
    // version is still the row's expectedVersion, bumps the version, and
    // records each stock change in inventory_adjustments with reason and
    // adjustedBy. Answers the ids updated: a missing id changed meanwhile.
    DbResult<QSet<QUuid>> updateUnchangedSince(const QList<catalog::ImportRow> &rows, const QDateTime &now,
                                               const QString &reason, const QString &adjustedBy) const;
    // The product counters (catalog.product_counts, sql/catalog V7) follow
    // each row by a trigger that updates one counter row per category and
    // activity. Thousands of updates of one row in one transaction leave a
    // chain of versions each next update walks: quadratic, minutes for
    // 100,000 rows. So a bulk write suspends the triggers in its transaction
    // (ALTER TABLE, which needs the table's owner and holds off other writes
    // of products, not reads, until commit) and recounts once at the end.
    // Both are undone by a rollback.
    static DbResult<Done> suspendCounting(QSqlDatabase &db);
    static DbResult<Done> recountAndResumeCounting(QSqlDatabase &db);
    // Makes the open transaction read one snapshot (the export's pages agree).
    static DbResult<Done> useSnapshot(QSqlDatabase &db);

private:
    Database &m_database;
};

} // namespace shop
