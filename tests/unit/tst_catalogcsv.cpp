#include "catalog/catalogcsv.h"
#include "catalog/catalogimport.h"

#include <QtTest>

using namespace shop;
using namespace shop::catalog;

namespace {

const QByteArray kHeader = "sku,name,description,price,stock,category,active\n";

QHash<QString, QUuid> categories()
{
    return {{QStringLiteral("Tools"), QUuid::fromString(QStringLiteral("{11111111-1111-1111-1111-111111111111}"))}};
}

ImportPreview previewOf(const QByteArray &csv, const CsvLimits &limits = {})
{
    return rowsFromCsv(readCsv(csv, limits), categories());
}

// "field: message" of every error of a row, for readable comparisons.
QStringList errorsOf(const ImportRow &row)
{
    QStringList texts;
    for (const FieldError &error : row.errors)
        texts.append(error.field + u": " + error.message);
    return texts;
}

} // namespace

class CatalogCsvTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsQuotesEmbeddedNewlinesAndCrlf()
    {
        const CsvTable table = readCsv("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nplain,,end\r\n");
        QVERIFY2(table.fileError.isEmpty(), qPrintable(table.fileError));
        QCOMPARE(table.header, QStringList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(table.records.size(), 2);
        QCOMPARE(table.records[0].fields,
                 QStringList({QStringLiteral("x,1"), QStringLiteral("say \"hi\""), QStringLiteral("two\nlines")}));
        QCOMPARE(table.records[0].line, 2);
        QCOMPARE(table.records[1].line, 4); // the embedded line break counts
        QCOMPARE(table.records[1].fields, QStringList({QStringLiteral("plain"), QString(), QStringLiteral("end")}));
    }

    void detectsSemicolonsAndSkipsTheBom()
    {
        const CsvTable table = readCsv("\xEF\xBB\xBFsku;name\nA-1;\"Nut, small\"\n\nB-2;Bolt\n");
        QVERIFY2(table.fileError.isEmpty(), qPrintable(table.fileError));
        QCOMPARE(table.delimiter, ';');
        QCOMPARE(table.header.front(), QStringLiteral("sku")); // no BOM in the name
        QCOMPARE(table.records.size(), 2); // the blank line is skipped
        QCOMPARE(table.records[0].fields.at(1), QStringLiteral("Nut, small"));
        QCOMPARE(table.records[1].line, 4);
    }

    void invalidUtf8IsAnErrorOfItsRow()
    {
        const CsvTable table = readCsv("a,b\nok,\xC3\x28\nfine,\xC3\xA9t\xC3\xA9\n");
        QCOMPARE(table.records.size(), 2);
        QCOMPARE(table.records[0].errors.size(), 1);
        QCOMPARE(table.records[0].errors[0].field, QStringLiteral("b"));
        QCOMPARE(table.records[0].errors[0].message, QStringLiteral("is not valid UTF-8"));
        QVERIFY(table.records[1].errors.isEmpty());
        QCOMPARE(table.records[1].fields.at(1), QStringLiteral("été"));
    }

    void strayQuotesAreErrorsOfTheirRow()
    {
        const CsvTable table = readCsv("a,b\nab\"c,ok\n\"quoted\"tail,ok\ngood,row\n");
        QVERIFY2(table.fileError.isEmpty(), qPrintable(table.fileError));
        QCOMPARE(table.records.size(), 3);
        QCOMPARE(table.records[0].errors.size(), 1);
        QCOMPARE(table.records[0].errors[0].field, QStringLiteral("a"));
        QCOMPARE(table.records[1].errors.size(), 1);
        QVERIFY(table.records[2].errors.isEmpty());
    }

    void anUnclosedQuoteIsAFileErrorAtItsLine()
    {
        const CsvTable table = readCsv("a,b\nx,y\nz,\"never closed\nmore\n");
        QCOMPARE(table.fileErrorLine, 3);
        QVERIFY(table.fileError.contains(u"never closed"));
        QVERIFY(table.records.isEmpty());
    }

    void theFileSizeIsBounded()
    {
        CsvLimits limits;
        limits.maxFileBytes = 20;
        QVERIFY(readCsv("a,b\n1,2\n", limits).fileError.isEmpty());
        const CsvTable table = readCsv("a,b\n1,2\n3,4\n5,6\n7,8\n9,0\n", limits);
        QVERIFY(table.fileError.contains(u"larger than 20 bytes"));
    }

    void theRowCountIsBounded()
    {
        CsvLimits limits;
        limits.maxRecords = 2;
        QVERIFY(readCsv("a\n1\n2\n", limits).fileError.isEmpty());
        const CsvTable table = readCsv("a\n1\n2\n3\n", limits);
        QCOMPARE(table.fileError, QStringLiteral("the file has more than 2 rows"));
        QCOMPARE(table.fileErrorLine, 4);
    }

    void theFieldLengthIsBounded()
    {
        CsvLimits limits;
        limits.maxFieldBytes = 5;
        const CsvTable table = readCsv("a,b\n12345,x\n123456,x\n\"1234567\",x\n", limits);
        QCOMPARE(table.records.size(), 3);
        QVERIFY(table.records[0].errors.isEmpty());
        QCOMPARE(table.records[1].errors.size(), 1);
        QCOMPARE(table.records[1].errors[0].message, QStringLiteral("is longer than 5 bytes"));
        QCOMPARE(table.records[2].errors.size(), 1);
        QVERIFY(table.records[2].fields.at(0).isEmpty()); // not kept
    }

    void aRowWithTheWrongFieldCountSaysSo()
    {
        const CsvTable table = readCsv("a,b,c\n1,2\n");
        QCOMPARE(table.records[0].errors.size(), 1);
        QCOMPARE(table.records[0].errors[0].field, QStringLiteral("row"));
        QCOMPARE(table.records[0].errors[0].message, QStringLiteral("has 2 fields, the header has 3"));
    }

    void csvLineQuotesOnlyWhatNeedsIt()
    {
        QCOMPARE(csvLine({QStringLiteral("A-1"), QStringLiteral("Nut, \"small\""), QStringLiteral("two\nlines")}),
                 QByteArray("A-1,\"Nut, \"\"small\"\"\",\"two\nlines\"\r\n"));
        QCOMPARE(csvLine({QStringLiteral("a;b"), QStringLiteral("c,d")}, ';'), QByteArray("\"a;b\";c,d\r\n"));
    }

    void writtenLinesReadBackIdentically()
    {
        const QStringList fields = {QStringLiteral("SKU-1"), QStringLiteral("Ünïcode 🎉, \"quoted\""),
                                    QStringLiteral("line one\r\nline two\n"), QStringLiteral(" spaced "), QString()};
        const CsvTable table = readCsv("a,b,c,d,e\n" + csvLine(fields));
        QCOMPARE(table.records.size(), 1);
        QCOMPARE(table.records[0].fields, fields);
    }

    void headerColumnsAreMatchedInAnyOrderAndCase()
    {
        const ImportPreview preview =
            previewOf("Active; CATEGORY ;Stock;Price;Description;Name;SKU\nyes;Tools;5;19.90;;Hammer;H-1\n");
        QVERIFY2(preview.fileError.isEmpty(), qPrintable(preview.fileError));
        QCOMPARE(preview.rows.size(), 1);
        const ImportRow &row = preview.rows[0];
        QCOMPARE(row.action, ImportAction::Create);
        QCOMPARE(row.product.sku, QStringLiteral("H-1"));
        QCOMPARE(row.product.price, Money::fromCents(1990));
        QCOMPARE(row.product.inventoryQuantity, 5);
        QCOMPARE(row.product.categoryId, categories().value(QStringLiteral("Tools")));
        QVERIFY(!row.product.description);
        QVERIFY(row.product.isActive);
    }

    void unknownMissingOrRepeatedColumnsRefuseTheFile()
    {
        QCOMPARE(previewOf("sku,name,description,price,stock,category,active,colour\n").fileError,
                 QStringLiteral("unknown column 'colour' (the columns are sku, name, description, price, stock, "
                                "category, active)"));
        QCOMPARE(previewOf("sku,name,description,price,stock,category\n").fileError,
                 QStringLiteral("missing column 'active'"));
        QCOMPARE(previewOf("sku,name,description,price,stock,category,active,SKU\n").fileError,
                 QStringLiteral("column 'sku' appears twice"));
    }

    void badValuesGetTheApisMessagesUnderTheFilesColumns()
    {
        const ImportPreview preview = previewOf(kHeader
                                                + "bad sku,,x,0,-1,Tools,true\n"
                                                  "OK-1,Name,,1.999,many,Nowhere,maybe\n"
                                                  "OK-2,Name,,1.00,1,,true\n");
        QCOMPARE(preview.rows.size(), 3);
        QCOMPARE(preview.count(ImportAction::Rejected), 3);
        QCOMPARE(errorsOf(preview.rows[0]),
                 QStringList({QStringLiteral("sku: may contain only A-Z, 0-9 and '-'"),
                              QStringLiteral("name: must not be blank"), QStringLiteral("price: must be at least 0.01"),
                              QStringLiteral("stock: must not be negative")}));
        const QStringList second = errorsOf(preview.rows[1]);
        QVERIFY2(second.size() == 4, qPrintable(second.join(u" | ")));
        QVERIFY(second[0].startsWith(u"price: "));
        QCOMPARE(second[1], QStringLiteral("stock: must be a whole number"));
        QCOMPARE(second[2], QStringLiteral("active: must be true or false"));
        QCOMPARE(second[3], QStringLiteral("category: no category with this name"));
        QCOMPARE(errorsOf(preview.rows[2]), QStringList({QStringLiteral("category: is required")}));
        QVERIFY(!preview.canApply());
    }

    void aRepeatedSkuRejectsTheLaterRow()
    {
        const ImportPreview preview = previewOf(kHeader + "A-1,One,,1,1,Tools,true\nA-1,Two,,1,1,Tools,true\n");
        QCOMPARE(preview.rows[0].action, ImportAction::Create);
        QCOMPARE(errorsOf(preview.rows[1]), QStringList({QStringLiteral("sku: is also on line 2")}));
    }

    void aStoredProductIsUpdatedOrUnchanged()
    {
        ImportPreview preview = previewOf(kHeader + "A-1,One,,1.50,3,Tools,true\n");
        Product stored;
        stored.id = QUuid::createUuid();
        stored.sku = QStringLiteral("A-1");
        stored.name = QStringLiteral("One");
        stored.description = QString(); // an empty description is the same as none
        stored.price = Money::fromCents(150);
        stored.inventoryQuantity = 3;
        stored.categoryId = categories().value(QStringLiteral("Tools"));
        stored.version = 7;
        ImportRow row = preview.rows[0];
        matchStoredProduct(row, stored);
        QCOMPARE(row.action, ImportAction::Unchanged);
        stored.inventoryQuantity = 4;
        row = preview.rows[0];
        matchStoredProduct(row, stored);
        QCOMPARE(row.action, ImportAction::Update);
        QCOMPARE(row.expectedVersion, 7);
        QCOMPARE(row.storedStock, 4);
        QCOMPARE(row.productId, stored.id);
    }
};

QTEST_APPLESS_MAIN(CatalogCsvTest)
#include "tst_catalogcsv.moc"
