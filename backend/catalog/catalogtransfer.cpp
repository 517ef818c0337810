#include "catalogtransfer.h"

#include "core/clock.h"
#include "db/database.h"
#include "db/databasefailure.h"

#include <QFile>
#include <QHash>

#include <algorithm>

namespace shop {

namespace {

using catalog::ImportAction;
using catalog::ImportPreview;
using catalog::ImportRow;

ServiceError failure(const QString &action, const QSqlError &error)
{
    return databaseFailure("catalog", action, error);
}

} // namespace

CatalogTransfer::CatalogTransfer(Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
    , m_categories(database)
    , m_products(database)
    , m_batches(database)
{
}

Result<ImportPreview> CatalogTransfer::previewFile(const QString &path, const catalog::CsvLimits &limits)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ServiceError::unprocessable(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    // One byte more than allowed tells a file over the bound from one at it, pipes included.
    const QByteArray bytes = file.read(limits.maxFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return ServiceError::unprocessable(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    return preview(bytes, limits);
}

Result<ImportPreview> CatalogTransfer::preview(const QByteArray &csv, const catalog::CsvLimits &limits)
{
    const catalog::CsvTable table = catalog::readCsv(csv, limits);
    const DbResult<QList<Category>> categories =
        m_database.run([&](QSqlDatabase &) { return m_categories.findAll(); }, Database::Retry::OnceIfConnectionLost);
    if (!categories)
        return failure(QStringLiteral("listing categories for an import"), categories.error());
    QHash<QString, QUuid> categoryIds;
    for (const Category &category : categories.value())
        categoryIds.insert(category.name, category.id);

    ImportPreview preview = catalog::rowsFromCsv(table, categoryIds);
    QStringList skus;
    for (const ImportRow &row : std::as_const(preview.rows)) {
        if (row.action == ImportAction::Create)
            skus.append(row.product.sku);
    }
    QHash<QString, Product> stored;
    for (qsizetype start = 0; start < skus.size(); start += kBatchSize) {
        const QStringList batch = skus.mid(start, kBatchSize);
        const DbResult<QList<Product>> found = m_database.run(
            [&](QSqlDatabase &) { return m_products.findBySkus(batch); }, Database::Retry::OnceIfConnectionLost);
        if (!found)
            return failure(QStringLiteral("reading the products of an import"), found.error());
        for (const Product &product : found.value())
            stored.insert(product.sku, product);
    }
    for (ImportRow &row : preview.rows) {
        if (const auto product = stored.constFind(row.product.sku);
            row.action == ImportAction::Create && product != stored.cend())
            catalog::matchStoredProduct(row, *product);
    }
    return preview;
}

Result<ImportOutcome> CatalogTransfer::apply(const ImportPreview &preview, const QString &adjustedBy,
                                             const Progress &progress, std::stop_token stop)
{
    if (!preview.canApply())
        return ServiceError::unprocessable(
            QStringLiteral("the file has rejected rows or cannot be read; fix it and import it again"));
    QList<ImportRow> writes;
    for (const ImportRow &row : preview.rows) {
        if (row.action == ImportAction::Create || row.action == ImportAction::Update)
            writes.append(row);
    }
    const int total = static_cast<int>(writes.size());
    if (total == 0) {
        ImportOutcome nothingToWrite;
        nothingToWrite.unchanged = preview.count(ImportAction::Unchanged);
        return nothingToWrite;
    }
    const QDateTime now = m_clock.now();

    const DbResult<ImportOutcome> outcome = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<ImportOutcome> {
            ImportOutcome result;
            result.unchanged = preview.count(ImportAction::Unchanged);
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (const DbResult<Done> suspended = ProductBatchRepository::suspendCounting(db); !suspended)
                return suspended.error();
            for (int start = 0; start < total; start += kBatchSize) {
                if (stop.stop_requested()) {
                    result.state = ImportOutcome::State::Cancelled;
                    return result; // the transaction rolls back
                }
                QList<ImportRow> creates;
                QList<ImportRow> updates;
                for (const ImportRow &row : writes.mid(start, kBatchSize))
                    (row.action == ImportAction::Create ? creates : updates).append(row);
                if (!creates.isEmpty()) {
                    const DbResult<QSet<QString>> inserted = m_batches.insertNew(creates, now);
                    if (!inserted)
                        return inserted.error();
                    for (const ImportRow &row : std::as_const(creates)) {
                        if (inserted.value().contains(row.product.sku))
                            ++result.created;
                        else
                            result.conflicts.append({row.line, row.product.sku,
                                                     QStringLiteral("a product with this SKU was created after the preview")});
                    }
                }
                if (!updates.isEmpty()) {
                    const DbResult<QSet<QUuid>> updated =
                        m_batches.updateUnchangedSince(updates, now, kStockReason, adjustedBy);
                    if (!updated)
                        return updated.error();
                    for (const ImportRow &row : std::as_const(updates)) {
                        if (updated.value().contains(row.productId))
                            ++result.updated;
                        else
                            result.conflicts.append({row.line, row.product.sku,
                                                     QStringLiteral("the product was changed after the preview")});
                    }
                }
                if (progress)
                    progress(std::min(start + kBatchSize, total), total);
            }
            std::sort(result.conflicts.begin(), result.conflicts.end(),
                      [](const ImportConflict &a, const ImportConflict &b) { return a.line < b.line; });
            if (!result.conflicts.isEmpty() || stop.stop_requested()) {
                result.state = result.conflicts.isEmpty() ? ImportOutcome::State::Cancelled
                                                          : ImportOutcome::State::Conflicted;
                result.created = 0;
                result.updated = 0;
                return result; // the transaction rolls back
            }
            if (const DbResult<Done> recounted = ProductBatchRepository::recountAndResumeCounting(db); !recounted)
                return recounted.error();
            if (!transaction.commit())
                return transaction.error();
            return result;
        },
        Database::Retry::Never);
    if (!outcome)
        return failure(QStringLiteral("importing products"), outcome.error());
    return outcome.value();
}

Result<qint64> CatalogTransfer::exportCsv(const ProductQuery &filters, QIODevice &out)
{
    qint64 written = 0;
    bool writeFailed = false;
    // Never retried: a second run would write the rows again.
    const DbResult<Done> done = m_database.run(
        [&](QSqlDatabase &db) -> DbResult<Done> {
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            if (const DbResult<Done> snapshot = ProductBatchRepository::useSnapshot(db); !snapshot)
                return snapshot.error();
            const DbResult<QList<Category>> categories = m_categories.findAll();
            if (!categories)
                return categories.error();
            QHash<QUuid, QString> categoryNames;
            for (const Category &category : categories.value())
                categoryNames.insert(category.id, category.name);

            writeFailed = out.write(catalog::csvLine(catalog::csvColumns())) < 0;
            QString afterSku = QStringLiteral(""); // not a null QString, which would be bound as NULL
            while (!writeFailed) {
                const DbResult<QList<Product>> page = m_products.findAfterSku(filters, afterSku, kExportPageSize);
                if (!page)
                    return page.error();
                for (const Product &product : page.value()) {
                    const QStringList fields = catalog::csvFields(product, categoryNames.value(product.categoryId));
                    if (out.write(catalog::csvLine(fields)) < 0) {
                        writeFailed = true;
                        break;
                    }
                    ++written;
                }
                if (page.value().size() < kExportPageSize)
                    break;
                afterSku = page.value().constLast().sku;
            }
            if (!transaction.commit())
                return transaction.error();
            return Done{};
        },
        Database::Retry::Never);
    if (!done)
        return failure(QStringLiteral("exporting products"), done.error());
    if (writeFailed)
        return ServiceError::unprocessable(QStringLiteral("cannot write the export: %1").arg(out.errorString()));
    return written;
}

} // namespace shop
