#pragma once

#include "catalogimport.h"
#include "categoryrepository.h"
#include "productbatchrepository.h"
#include "productrepository.h"

#include <functional>
#include <stop_token>

class QIODevice;

namespace shop {

class Clock;
class Database;

// A product the import did not write because it changed after the preview
// (or, for a new SKU, was created meanwhile).
struct ImportConflict
{
    int line = 0;
    QString sku;
    QString message;
};

struct ImportOutcome
{
    enum class State { Applied, Cancelled, Conflicted };
    State state = State::Applied;
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    QList<ImportConflict> conflicts; // when Conflicted
};

// The catalog's CSV import and export (catalogcsv.h, catalogimport.h).
//
// An import is all or nothing: preview() reads the file and says, row by
// row, what it would do; apply() writes a preview without rejected rows in
// batches inside ONE transaction, reporting progress after each batch. A
// cancel, a conflict or a failure rolls the whole transaction back, so the
// catalog is either as before or has every row of the file. Conflicts are
// all collected before the rollback, so one report names every product that
// changed since the preview (read it again and re-import to overwrite them).
// Unchanged rows are not written at all. While apply() writes, other writes
// of products wait for it (ProductBatchRepository::suspendCounting); reads
// do not.
class CatalogTransfer
{
public:
    static constexpr int kBatchSize = 2000;
    static constexpr int kExportPageSize = 2000;

    CatalogTransfer(Database &database, const Clock &clock);
    CatalogTransfer(const CatalogTransfer &) = delete;
    CatalogTransfer &operator=(const CatalogTransfer &) = delete;

    // A file over limits.maxFileBytes is refused before it is read.
    Result<catalog::ImportPreview> previewFile(const QString &path, const catalog::CsvLimits &limits = {});
    Result<catalog::ImportPreview> preview(const QByteArray &csv, const catalog::CsvLimits &limits = {});

    // Called after each batch, on the thread running apply().
    using Progress = std::function<void(int written, int total)>;
    // Unprocessable when the preview has rejected rows or a file error.
    // adjustedBy names who imported, in the stock ledger.
    Result<ImportOutcome> apply(const catalog::ImportPreview &preview, const QString &adjustedBy,
                                const Progress &progress = {}, std::stop_token stop = {});

    // Writes the products matching the filters (category, activity, search;
    // paging ignored) to out as CSV the import reads back, by SKU, from one
    // snapshot. Answers how many products it wrote.
    Result<qint64> exportCsv(const ProductQuery &filters, QIODevice &out);

    static inline const QString kStockReason = QStringLiteral("catalog import");

private:
    Database &m_database;
    const Clock &m_clock;
    CategoryRepository m_categories;
    ProductRepository m_products;
    ProductBatchRepository m_batches;
};

} // namespace shop
