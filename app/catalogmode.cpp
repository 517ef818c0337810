#include "catalog/catalogservice.h"
#include "catalog/catalogtransfer.h"
#include "commandoptions.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/database.h"
#include "exitcodes.h"
#include "modes.h"

#include <QFile>
#include <QSaveFile>

#include <cstdio>

namespace shop {

namespace {

using catalog::ImportAction;
using catalog::ImportPreview;

const CommandOptions::Flag kDryRunFlag{QStringLiteral("dry-run"),
                                       QStringLiteral("import: check the file and say what it would do; write nothing")};
const QString kOutputOption = QStringLiteral("output");
const QString kCategoryOption = QStringLiteral("category");
const QString kActiveOption = QStringLiteral("active");
const QString kSearchOption = QStringLiteral("search");

int fail(const QString &message, int code)
{
    std::fprintf(stderr, "shop: %s\n", qPrintable(message));
    return code;
}

// Bad input (a file, a filter) is the caller's to fix: exit 2. The rest failed while running.
int failWith(const ServiceError &error)
{
    const bool isInput = error.kind == ServiceError::Kind::Unprocessable || error.kind == ServiceError::Kind::Validation
        || error.kind == ServiceError::Kind::NotFound;
    return fail(error.detail, isInput ? ExitUsage : ExitFailure);
}

QString rowCount(int rows)
{
    return rows == 1 ? QStringLiteral("1 row") : QStringLiteral("%1 rows").arg(rows);
}

// Who imported, for the stock ledger: the account that ran the command.
QString importedBy()
{
    const QString account = qEnvironmentVariable("USER");
    return QStringLiteral("command line (%1)").arg(account.isEmpty() ? QStringLiteral("unknown") : account);
}

int runImport(CatalogTransfer &transfer, const QString &path, bool dryRun)
{
    const Result<ImportPreview> preview = transfer.previewFile(path);
    if (!preview)
        return failWith(preview.error());
    if (!preview->fileError.isEmpty())
        return fail(QStringLiteral("%1: line %2: %3").arg(path).arg(preview->fileErrorLine).arg(preview->fileError),
                    ExitUsage);
    for (const catalog::ImportRow &row : preview->rows) {
        for (const FieldError &error : row.errors)
            std::fprintf(stderr, "line %d: %s: %s\n", row.line, qPrintable(error.field), qPrintable(error.message));
    }
    const int rejected = preview->count(ImportAction::Rejected);
    std::printf("%s: %d to create, %d to update, %d unchanged, %d rejected\n", qPrintable(path),
                preview->count(ImportAction::Create), preview->count(ImportAction::Update),
                preview->count(ImportAction::Unchanged), rejected);
    if (rejected > 0)
        return fail(QStringLiteral("%1 rejected; nothing was imported").arg(rowCount(rejected)), ExitUsage);
    if (dryRun) {
        std::printf("dry run: nothing was written\n");
        return ExitSuccess;
    }
    const Result<ImportOutcome> outcome = transfer.apply(preview.value(), importedBy());
    if (!outcome)
        return failWith(outcome.error());
    if (outcome->state == ImportOutcome::State::Conflicted) {
        for (const ImportConflict &conflict : outcome->conflicts)
            std::fprintf(stderr, "line %d: sku: %s (%s)\n", conflict.line, qPrintable(conflict.message),
                         qPrintable(conflict.sku));
        return fail(QStringLiteral("%1 changed since the file was read; nothing was imported")
                        .arg(outcome->conflicts.size() == 1 ? QStringLiteral("1 product")
                                                            : QStringLiteral("%1 products").arg(outcome->conflicts.size())),
                    ExitFailure);
    }
    std::printf("imported: %d created, %d updated, %d unchanged\n", outcome->created, outcome->updated,
                outcome->unchanged);
    return ExitSuccess;
}

// The export's filters, as the Catalog tab has them; nullopt after a usage error.
std::optional<ProductQuery> exportFilters(const CommandOptions &options, CatalogService &catalog, int *exitCode)
{
    ProductQuery query;
    query.search = options.value(kSearchOption);
    const QString active = options.value(kActiveOption);
    if (active.isEmpty() || active == u"all")
        query.isActive = std::nullopt;
    else if (active == u"yes" || active == u"no")
        query.isActive = active == u"yes";
    else {
        *exitCode = fail(QStringLiteral("--active must be yes, no or all"), ExitUsage);
        return std::nullopt;
    }
    if (const QString name = options.value(kCategoryOption); !name.isEmpty()) {
        const Result<QList<Category>> categories = catalog.categories();
        if (!categories) {
            *exitCode = failWith(categories.error());
            return std::nullopt;
        }
        for (const Category &category : categories.value()) {
            if (category.name == name)
                query.categoryId = category.id;
        }
        if (!query.categoryId) {
            *exitCode = fail(QStringLiteral("--category: no category named '%1'").arg(name), ExitUsage);
            return std::nullopt;
        }
    }
    return query;
}

int runExport(CatalogTransfer &transfer, const ProductQuery &filters, const QString &path)
{
    if (path.isEmpty()) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly))
            return fail(QStringLiteral("cannot write to standard output"), ExitFailure);
        const Result<qint64> written = transfer.exportCsv(filters, out);
        return written ? ExitSuccess : failWith(written.error());
    }
    // A failed export leaves no half-written file behind.
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write %1: %2").arg(path, out.errorString()), ExitUsage);
    const Result<qint64> written = transfer.exportCsv(filters, out);
    if (!written)
        return failWith(written.error());
    if (!out.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(path, out.errorString()), ExitFailure);
    std::printf("exported %lld products to %s\n", static_cast<long long>(written.value()), qPrintable(path));
    return ExitSuccess;
}

} // namespace

int runCatalog(const QStringList &arguments)
{
    CommandOptions options(
        QStringLiteral("catalog import FILE [--dry-run] | catalog export [--output FILE] [filters] [options]"),
        QStringLiteral("Imports products from a CSV file (all rows or none; exit code 2 when a row is rejected) "
                       "or exports them as CSV (to standard output unless --output)."),
        {kDryRunFlag});
    options.addPositional(QStringLiteral("ACTION"), QStringLiteral("import or export"));
    options.addPositional(QStringLiteral("FILE"), QStringLiteral("import: the CSV file"));
    options.addValueOption(kOutputOption, QStringLiteral("export: write to this file instead of standard output"),
                           QStringLiteral("file"));
    options.addValueOption(kCategoryOption, QStringLiteral("export: only this category (its exact name)"),
                           QStringLiteral("name"));
    options.addValueOption(kActiveOption, QStringLiteral("export: yes, no or all (the default)"),
                           QStringLiteral("state"));
    options.addValueOption(kSearchOption, QStringLiteral("export: only SKUs or names containing this text"),
                           QStringLiteral("text"));
    if (auto exit = options.parse(arguments))
        return *exit;
    const QStringList positional = options.positionalArguments();
    const bool isImport = positional.size() == 2 && positional.front() == u"import";
    const bool isExport = positional.size() == 1 && positional.front() == u"export";
    if (!isImport && !isExport)
        return options.usageError(QStringLiteral("expected: catalog import FILE [--dry-run] or catalog export"));
    log::setLevel(options.settings().logLevel);

    Database database(*DatabaseUrl::parse(options.settings().databaseUrl));
    SystemClock clock;
    CatalogTransfer transfer(database, clock);
    if (isImport)
        return runImport(transfer, positional.at(1), options.isSet(kDryRunFlag.name));
    CatalogService catalog(database, clock);
    int exitCode = ExitFailure;
    const std::optional<ProductQuery> filters = exportFilters(options, catalog, &exitCode);
    if (!filters)
        return exitCode;
    return runExport(transfer, *filters, options.value(kOutputOption));
}

} // namespace shop
