#include "catalog/catalogservice.h"
#include "catalog/catalogtransfer.h"
#include "catalogfixtures.h"
#include "core/clock.h"
#include "db/database.h"
#include "db/migrationrunner.h"
#include "testdatabase.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QtTest>

#include <memory>
#include <stop_token>

using namespace shop;
using catalog::ImportAction;
using catalog::ImportPreview;
using testsupport::ScratchDatabase;

namespace {

constexpr int kRows = 100'000;

// A migrated scratch database with the services on it and two categories,
// one of them with the delimiter in its name.
struct CatalogDatabase
{
    CatalogDatabase()
    {
        if (!scratch.error().isEmpty()) {
            error = scratch.error();
            return;
        }
        database = std::make_unique<Database>(scratch.url());
        const MigrationResult migrated = MigrationRunner(*database).run();
        if (migrated.outcome != MigrationResult::Outcome::Applied) {
            error = migrated.error;
            return;
        }
        catalog = std::make_unique<CatalogService>(*database, clock);
        transfer = std::make_unique<CatalogTransfer>(*database, clock);
        for (const QString &name : {QStringLiteral("Tools"), QStringLiteral("Garden, \"outdoor\"")}) {
            if (const Result<Category> created = catalog->createCategory({name, std::nullopt}); !created)
                error = created.error().detail;
        }
    }

    QVariant scalar(const QString &sql) { return testsupport::CatalogFixtures(*database).scalar(sql); }

    // Everything the import writes, in one comparable value.
    QString fingerprint()
    {
        return scalar(QStringLiteral(
                          "SELECT count(*) || ':' || md5(coalesce(string_agg(concat_ws('|', sku, name, description, "
                          "price_cents, inventory_quantity, category_id, is_active, version), ',' ORDER BY sku), '')) "
                          "FROM catalog.products"))
            .toString();
    }

    QByteArray exportAll(const ProductQuery &filters = allProducts())
    {
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        const Result<qint64> written = transfer->exportCsv(filters, out);
        if (!written)
            qWarning("export failed: %s", qPrintable(written.error().detail));
        return out.data();
    }

    static ProductQuery allProducts()
    {
        ProductQuery query;
        query.isActive = std::nullopt;
        return query;
    }

    ScratchDatabase scratch;
    std::unique_ptr<Database> database;
    SystemClock clock;
    std::unique_ptr<CatalogService> catalog;
    std::unique_ptr<CatalogTransfer> transfer;
    QString error;
};

// Row i of the generated catalog: quotes, delimiters, line breaks and
// non-ASCII text on some rows, both categories, both activity states.
QByteArray generatedRow(int i, int stock)
{
    const QString sku = QStringLiteral("GEN-%1").arg(i, 6, 10, QLatin1Char('0'));
    const QString name = i % 7 == 0 ? QStringLiteral("Gadget \"%1\", größe L").arg(i) : QStringLiteral("Gadget %1").arg(i);
    const QString description = i % 3 == 0 ? QString() : QStringLiteral("Line one of %1\nline two; ✓").arg(i);
    const QString category = i % 2 == 0 ? QStringLiteral("Tools") : QStringLiteral("Garden, \"outdoor\"");
    return catalog::csvLine({sku, name, description, Money::fromCents(100 + i).toDecimalString(), QString::number(stock),
                             category, i % 10 == 0 ? QStringLiteral("false") : QStringLiteral("true")});
}

QByteArray header()
{
    return catalog::csvLine(catalog::csvColumns());
}

} // namespace

class CatalogTransferTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<CatalogDatabase> m_db;

    ImportPreview previewOf(const QByteArray &csv)
    {
        const Result<ImportPreview> preview = m_db->transfer->preview(csv);
        if (!preview)
            qWarning("preview failed: %s", qPrintable(preview.error().detail));
        return preview ? preview.value() : ImportPreview();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_db = std::make_unique<CatalogDatabase>();
        QVERIFY2(m_db->error.isEmpty(), qPrintable(m_db->error));
    }

    void importsAHundredThousandRowsInBatches()
    {
        QByteArray csv = header();
        for (int i = 0; i < kRows; ++i)
            csv += generatedRow(i, i % 50);
        QElapsedTimer timer;
        timer.start();
        const ImportPreview preview = previewOf(csv);
        QVERIFY2(preview.fileError.isEmpty(), qPrintable(preview.fileError));
        QCOMPARE(preview.count(ImportAction::Create), kRows);
        const qint64 previewMs = timer.restart();

        QList<std::pair<int, int>> progress;
        const Result<ImportOutcome> outcome = m_db->transfer->apply(
            preview, QStringLiteral("tester"), [&](int written, int total) { progress.append({written, total}); });
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().detail));
        qInfo("%d rows: preview %lld ms, apply %lld ms", kRows, previewMs, timer.elapsed());
        QCOMPARE(outcome->state, ImportOutcome::State::Applied);
        QCOMPARE(outcome->created, kRows);
        QCOMPARE(progress.size(), (kRows + CatalogTransfer::kBatchSize - 1) / CatalogTransfer::kBatchSize);
        QCOMPARE(progress.constLast(), std::make_pair(kRows, kRows));

        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM catalog.products")).toInt(), kRows);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT sum(product_count) FROM catalog.product_counts")).toInt(), kRows);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM catalog.products WHERE NOT is_active")).toInt(),
                 kRows / 10);
        for (const int i : {0, 1, 7, 4'999, 77'777, kRows - 1}) {
            const QString sku = QStringLiteral("GEN-%1").arg(i, 6, 10, QLatin1Char('0'));
            const Result<Product> product = m_db->catalog->productBySku(sku);
            QVERIFY2(product, qPrintable(sku));
            const catalog::CsvTable row = catalog::readCsv(header() + generatedRow(i, i % 50));
            const QStringList expected = row.records.front().fields;
            QCOMPARE(product->name, expected.at(1));
            QCOMPARE(product->description.value_or(QString()), expected.at(2));
            QCOMPARE(product->price, Money::fromCents(100 + i));
            QCOMPARE(product->inventoryQuantity, i % 50);
            QCOMPARE(product->isActive, i % 10 != 0);
            QCOMPARE(product->version, 0);
        }
    }

    void exportReadsBackIdentically()
    {
        const QByteArray exported = m_db->exportAll();
        QCOMPARE(catalog::readCsv(exported).records.size(), kRows);
        // Into the same catalog: nothing to do.
        const ImportPreview again = previewOf(exported);
        QCOMPARE(again.count(ImportAction::Unchanged), kRows);
        QCOMPARE(again.count(ImportAction::Create) + again.count(ImportAction::Update)
                     + again.count(ImportAction::Rejected),
                 0);
        // Into an empty catalog: the same products, so the same export.
        CatalogDatabase other;
        QVERIFY2(other.error.isEmpty(), qPrintable(other.error));
        const Result<ImportPreview> preview = other.transfer->preview(exported);
        QVERIFY(preview);
        QCOMPARE(preview->count(ImportAction::Create), kRows);
        QVERIFY(other.transfer->apply(preview.value(), QStringLiteral("tester")));
        QCOMPARE(other.exportAll(), exported);
    }

    void exportFollowsTheFilters()
    {
        ProductQuery filters;
        filters.categoryId = m_db->catalog->productBySku(QStringLiteral("GEN-000010"))->categoryId; // Tools
        filters.isActive = false;
        filters.search = QStringLiteral("gen-0000");
        const catalog::CsvTable table = catalog::readCsv(m_db->exportAll(filters));
        QStringList skus;
        for (const catalog::CsvRecord &record : table.records)
            skus.append(record.fields.front());
        // Inactive (i % 10 == 0) in Tools (even) among GEN-000000..GEN-000099.
        QStringList expected;
        for (int i = 0; i < 100; i += 10)
            expected.append(QStringLiteral("GEN-%1").arg(i, 6, 10, QLatin1Char('0')));
        QCOMPARE(skus, expected);
    }

    void reimportUpdatesChangedRowsAndRecordsStock()
    {
        const QByteArray csv = header() + generatedRow(1, 1) + generatedRow(2, 40) + generatedRow(3, 3);
        const ImportPreview preview = previewOf(csv);
        QCOMPARE(preview.count(ImportAction::Unchanged), 2);
        QCOMPARE(preview.rows[1].action, ImportAction::Update);
        const Result<ImportOutcome> outcome = m_db->transfer->apply(preview, QStringLiteral("importer"));
        QVERIFY(outcome);
        QCOMPARE(outcome->updated, 1);
        QCOMPARE(outcome->unchanged, 2);
        const Result<Product> product = m_db->catalog->productBySku(QStringLiteral("GEN-000002"));
        QCOMPARE(product->inventoryQuantity, 40);
        QCOMPARE(product->version, 1);
        const QString ledger = m_db->scalar(QStringLiteral(
                                                "SELECT delta || ' ' || quantity_after || ' ' || reason || ' ' || adjusted_by "
                                                "FROM catalog.inventory_adjustments a JOIN catalog.products p "
                                                "ON p.id = a.product_id WHERE p.sku = 'GEN-000002'"))
                                   .toString();
        QCOMPARE(ledger, QStringLiteral("38 40 catalog import importer"));
    }

    void aCancelledImportLeavesTheCatalogAsItWas()
    {
        QByteArray csv = header();
        for (int i = 0; i < 10'000; ++i)
            csv += generatedRow(i, 1000); // updates: no stored stock is 1000
        for (int i = kRows; i < kRows + 10'000; ++i)
            csv += generatedRow(i, 1); // creates
        const ImportPreview preview = previewOf(csv);
        QCOMPARE(preview.count(ImportAction::Update), 10'000);
        QCOMPARE(preview.count(ImportAction::Create), 10'000);
        const QString before = m_db->fingerprint();
        std::stop_source stop;
        int batches = 0;
        const Result<ImportOutcome> outcome =
            m_db->transfer->apply(preview, QStringLiteral("tester"), [&](int, int) {
                if (++batches == 3)
                    stop.request_stop();
            }, stop.get_token());
        QVERIFY(outcome);
        QCOMPARE(outcome->state, ImportOutcome::State::Cancelled);
        QCOMPARE(batches, 3);
        QCOMPARE(m_db->fingerprint(), before);
    }

    void aProductChangedAfterThePreviewIsAConflictNotOverwritten()
    {
        const QByteArray csv = header() + generatedRow(5, 99) + generatedRow(6, 99) + generatedRow(kRows + 1, 1);
        const ImportPreview preview = previewOf(csv);
        QCOMPARE(preview.count(ImportAction::Update), 2);
        QCOMPARE(preview.count(ImportAction::Create), 1);
        // Meanwhile a manager renames GEN-000006 and someone adds the new SKU.
        const Result<Product> six = m_db->catalog->productBySku(QStringLiteral("GEN-000006"));
        ProductPatch rename;
        rename.name = QStringLiteral("Renamed meanwhile");
        QVERIFY(m_db->catalog->updateProduct(six->id, rename));
        ProductDraft draft;
        draft.sku = QStringLiteral("GEN-100001");
        draft.name = QStringLiteral("Added meanwhile");
        draft.price = Money::fromCents(500);
        draft.categoryId = six->categoryId;
        QVERIFY(m_db->catalog->createProduct(draft));
        const QString before = m_db->fingerprint();

        const Result<ImportOutcome> outcome = m_db->transfer->apply(preview, QStringLiteral("tester"));
        QVERIFY(outcome);
        QCOMPARE(outcome->state, ImportOutcome::State::Conflicted);
        QCOMPARE(outcome->conflicts.size(), 2);
        QCOMPARE(outcome->conflicts[0].line, preview.rows[1].line); // line 4: row 5's description has two lines
        QCOMPARE(outcome->conflicts[0].sku, QStringLiteral("GEN-000006"));
        QCOMPARE(outcome->conflicts[1].line, preview.rows[2].line);
        QCOMPARE(outcome->conflicts[1].sku, QStringLiteral("GEN-100001"));
        QCOMPARE(m_db->fingerprint(), before); // GEN-000005 is not half-written either
        QCOMPARE(m_db->catalog->productBySku(QStringLiteral("GEN-000006"))->name, QStringLiteral("Renamed meanwhile"));
    }

    void malformedFilesGetAReportAndChangeNothing()
    {
        const QString before = m_db->fingerprint();
        const QByteArray rows = header() + generatedRow(kRows + 50, 1)       // line 2: fine
                              + "BAD\"QUOTE,x,,1.00,1,Tools,true\r\n"         // line 3: stray quote
                              + "UTF-1,\xFF\xFE,,1.00,1,Tools,true\r\n"       // line 4: bad UTF-8
                              + "lower,Name,,abc,1,Tools,true\r\n"           // line 5: bad values
                              + "ONLY-TWO,fields\r\n";                        // line 6: wrong count
        const ImportPreview preview = previewOf(rows);
        QVERIFY(preview.fileError.isEmpty());
        QCOMPARE(preview.rows.size(), 5);
        QCOMPARE(preview.rows[0].action, ImportAction::Create);
        for (int i = 1; i < 5; ++i) {
            QCOMPARE(preview.rows[i].action, ImportAction::Rejected);
            QCOMPARE(preview.rows[i].line, i + 2);
            QVERIFY(!preview.rows[i].errors.isEmpty());
        }
        QCOMPARE(preview.rows[1].errors[0].field, QStringLiteral("sku"));
        QCOMPARE(preview.rows[2].errors[0].message, QStringLiteral("is not valid UTF-8"));
        QCOMPARE(preview.rows[3].errors[0].field, QStringLiteral("price"));
        QCOMPARE(preview.rows[3].errors[1].message, QStringLiteral("may contain only A-Z, 0-9 and '-'"));
        QCOMPARE(preview.rows[4].errors[0].field, QStringLiteral("row"));
        const Result<ImportOutcome> refused = m_db->transfer->apply(preview, QStringLiteral("tester"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ServiceError::Kind::Unprocessable);

        QCOMPARE(previewOf("sku,name,price\r\nA,b,1\r\n").fileError, QStringLiteral("missing column 'description'"));
        QCOMPARE(previewOf(header() + "A-1,\"open quote,,1,1,Tools,true\r\n").fileErrorLine, 2);
        QCOMPARE(m_db->fingerprint(), before);
    }
};

QTEST_GUILESS_MAIN(CatalogTransferTest)
#include "tst_catalogtransfer.moc"
