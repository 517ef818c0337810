#include "catalogimport.h"

#include "catalogvalidation.h"

#include <algorithm>

namespace shop::catalog {

namespace {

enum Column { Sku, Name, Description, Price, Stock, CategoryName, Active, ColumnCount };

// Which field of a record holds each column; empty with the file error when the header is wrong.
std::optional<QList<qsizetype>> columnPositions(const QStringList &header, QString *error)
{
    QList<qsizetype> positions(ColumnCount, -1);
    for (qsizetype i = 0; i < header.size(); ++i) {
        const QString name = header.at(i).trimmed().toLower();
        const qsizetype column = csvColumns().indexOf(name);
        if (column < 0) {
            *error = QStringLiteral("unknown column '%1' (the columns are %2)")
                         .arg(header.at(i).trimmed(), csvColumns().join(QStringLiteral(", ")));
            return std::nullopt;
        }
        if (positions[column] >= 0) {
            *error = QStringLiteral("column '%1' appears twice").arg(name);
            return std::nullopt;
        }
        positions[column] = i;
    }
    for (qsizetype column = 0; column < ColumnCount; ++column) {
        if (positions[column] < 0) {
            *error = QStringLiteral("missing column '%1'").arg(csvColumns().at(column));
            return std::nullopt;
        }
    }
    return positions;
}

std::optional<bool> parseActive(const QString &text)
{
    const QString value = text.trimmed().toLower();
    if (value == u"true" || value == u"yes" || value == u"1")
        return true;
    if (value == u"false" || value == u"no" || value == u"0")
        return false;
    return std::nullopt;
}

// The API's field names, as the file calls them.
QList<FieldError> asFileColumns(QList<FieldError> errors)
{
    for (FieldError &error : errors) {
        if (error.field == u"inventoryQuantity")
            error.field = QStringLiteral("stock");
        else if (error.field == u"categoryId")
            error.field = QStringLiteral("category");
    }
    return errors;
}

ImportRow rowFrom(const CsvRecord &record, const QList<qsizetype> &positions, const QHash<QString, QUuid> &categoryIds)
{
    ImportRow row;
    row.line = record.line;
    row.errors = record.errors;
    if (!record.errors.isEmpty())
        return row; // the fields are not all there, or not all readable
    const auto field = [&](Column column) { return record.fields.at(positions.at(column)); };
    QList<FieldError> parseErrors;

    row.product.sku = field(Sku);
    row.product.name = field(Name);
    if (!field(Description).isEmpty())
        row.product.description = field(Description);
    QString priceError;
    if (const std::optional<Money> price = Money::fromDecimalString(field(Price).trimmed(), &priceError))
        row.product.price = *price;
    else
        parseErrors.append({QStringLiteral("price"), priceError});
    bool isNumber = false;
    row.product.inventoryQuantity = field(Stock).trimmed().toLongLong(&isNumber);
    if (!isNumber)
        parseErrors.append({QStringLiteral("stock"), QStringLiteral("must be a whole number")});
    if (const std::optional<bool> active = parseActive(field(Active)))
        row.product.isActive = *active;
    else
        parseErrors.append({QStringLiteral("active"), QStringLiteral("must be true or false")});
    row.categoryName = field(CategoryName);
    if (row.categoryName.isEmpty())
        parseErrors.append({QStringLiteral("category"), QStringLiteral("is required")});
    else if (const auto id = categoryIds.constFind(row.categoryName); id != categoryIds.cend())
        row.product.categoryId = *id;
    else
        parseErrors.append({QStringLiteral("category"), QStringLiteral("no category with this name")});

    row.errors = mergeFieldErrors(parseErrors, asFileColumns(validateProduct(row.product)));
    if (row.errors.isEmpty())
        row.action = ImportAction::Create;
    return row;
}

} // namespace

int ImportPreview::count(ImportAction action) const
{
    return static_cast<int>(std::count_if(rows.cbegin(), rows.cend(), [&](const ImportRow &row) { return row.action == action; }));
}

const QStringList &csvColumns()
{
    static const QStringList columns = {QStringLiteral("sku"),   QStringLiteral("name"),     QStringLiteral("description"),
                                        QStringLiteral("price"), QStringLiteral("stock"),    QStringLiteral("category"),
                                        QStringLiteral("active")};
    return columns;
}

ImportPreview rowsFromCsv(const CsvTable &table, const QHash<QString, QUuid> &categoryIds)
{
    ImportPreview preview;
    preview.fileError = table.fileError;
    preview.fileErrorLine = table.fileErrorLine;
    if (!preview.fileError.isEmpty())
        return preview;
    const std::optional<QList<qsizetype>> positions = columnPositions(table.header, &preview.fileError);
    if (!positions) {
        preview.fileErrorLine = 1;
        return preview;
    }
    QHash<QString, int> lineOfSku;
    preview.rows.reserve(table.records.size());
    for (const CsvRecord &record : table.records) {
        ImportRow row = rowFrom(record, *positions, categoryIds);
        if (row.action != ImportAction::Rejected) {
            if (const auto earlier = lineOfSku.constFind(row.product.sku); earlier != lineOfSku.cend()) {
                row.action = ImportAction::Rejected;
                row.errors.append({QStringLiteral("sku"), QStringLiteral("is also on line %1").arg(*earlier)});
            } else {
                lineOfSku.insert(row.product.sku, row.line);
            }
        }
        preview.rows.append(row);
    }
    return preview;
}

void matchStoredProduct(ImportRow &row, const Product &stored)
{
    row.productId = stored.id;
    row.expectedVersion = stored.version;
    row.storedStock = stored.inventoryQuantity;
    const ProductDraft &wanted = row.product;
    // An empty description is stored as none, so the two are the same here.
    const bool same = wanted.name == stored.name && wanted.description.value_or(QString()) == stored.description.value_or(QString())
        && wanted.price == stored.price && wanted.inventoryQuantity == stored.inventoryQuantity
        && wanted.categoryId == stored.categoryId && wanted.isActive == stored.isActive;
    row.action = same ? ImportAction::Unchanged : ImportAction::Update;
}

QStringList csvFields(const Product &product, const QString &categoryName)
{
    return {product.sku,
            product.name,
            product.description.value_or(QString()),
            product.price.toDecimalString(),
            QString::number(product.inventoryQuantity),
            categoryName,
            product.isActive ? QStringLiteral("true") : QStringLiteral("false")};
}

QString actionName(ImportAction action)
{
    switch (action) {
    case ImportAction::Create: return QStringLiteral("create");
    case ImportAction::Update: return QStringLiteral("update");
    case ImportAction::Unchanged: return QStringLiteral("unchanged");
    case ImportAction::Rejected: return QStringLiteral("rejected");
    }
    return {};
}

} // namespace shop::catalog
