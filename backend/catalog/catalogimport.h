#pragma once

#include "catalogcsv.h"
#include "catalogtypes.h"

#include <QHash>

// The catalog's CSV file, row by row: what each row asks for (create, update,
// nothing) or why it is refused. Pure: the service (catalogtransfer.h) reads
// the categories and stored products and hands them in.
//
// The file's columns are exactly sku, name, description, price, stock,
// category and active, in any order, their names in any case. A missing,
// repeated or unknown column refuses the whole file: a misspelt column would
// otherwise be dropped silently on every row.
//
// Fields: price is a decimal with at most two decimals and a dot ("19.90");
// stock a whole number; category the exact name of an existing category (an
// unknown name rejects the row: a typo must not create a category); active
// true/false (also yes/no, 1/0, any case); an empty description means none.
// Each row is checked by the API's rules (catalogvalidation.h) with the same
// messages, under the file's column names (stock, category).
namespace shop::catalog {

enum class ImportAction { Create, Update, Unchanged, Rejected };

struct ImportRow
{
    int line = 0; // the file line the row starts on
    ImportAction action = ImportAction::Rejected;
    ProductDraft product; // what the file says; categoryId resolved from categoryName
    QString categoryName;
    QList<FieldError> errors; // why it is rejected
    // For Update and Unchanged: the stored product as the preview read it.
    // Applying writes only if its version is still expectedVersion.
    QUuid productId;
    qint64 expectedVersion = 0;
    qint64 storedStock = 0;
};

struct ImportPreview
{
    QString fileError; // when not empty nothing can be imported
    int fileErrorLine = 0;
    QList<ImportRow> rows;

    int count(ImportAction action) const;
    // Only a file without rejected rows is applied: an import is all or nothing.
    bool canApply() const { return fileError.isEmpty() && count(ImportAction::Rejected) == 0; }
};

// The columns in the order the export writes them.
const QStringList &csvColumns();

// Every record of the table as a row: Create when it passes every check,
// Rejected with the reasons otherwise. A SKU seen on an earlier line
// rejects the later one. categoryIds maps category names to their ids.
ImportPreview rowsFromCsv(const CsvTable &table, const QHash<QString, QUuid> &categoryIds);

// A Create row whose SKU is stored: Update, or Unchanged when the file says
// what is stored already.
void matchStoredProduct(ImportRow &row, const Product &stored);

// A product as the export writes it, in csvColumns() order.
QStringList csvFields(const Product &product, const QString &categoryName);

// "create", "update", "unchanged", "rejected".
QString actionName(ImportAction action);

} // namespace shop::catalog
