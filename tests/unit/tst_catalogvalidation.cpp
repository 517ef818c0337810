#include "catalog/catalogvalidation.h"

#include <QtTest>

using namespace shop;

namespace {

QStringList fieldsOf(const QList<FieldError> &errors)
{
    QStringList fields;
    for (const FieldError &error : errors)
        fields.append(error.field);
    return fields;
}

CategoryDraft goodCategory()
{
    return {QStringLiteral("Coffee"), QStringLiteral("Beans and ground coffee")};
}

ProductDraft goodProduct()
{
    ProductDraft draft;
    draft.sku = QStringLiteral("COF-ESP-250");
    draft.name = QStringLiteral("Espresso beans 250 g");
    draft.description = QStringLiteral("Dark roast");
    draft.price = Money::fromCents(899);
    draft.inventoryQuantity = 120;
    draft.categoryId = QUuid::createUuid();
    return draft;
}

} // namespace

// The catalog's input rules, shared by REST, the manager window and the POS.
class CatalogValidationTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aValidCategoryHasNoErrors()
    {
        QVERIFY(catalog::validateCategory(goodCategory()).isEmpty());
        CategoryDraft withoutDescription{QStringLiteral("Tea"), std::nullopt};
        QVERIFY(catalog::validateCategory(withoutDescription).isEmpty());
    }

    void categoryRules_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("description");
        QTest::addColumn<QStringList>("badFields");

        const QString ok = QStringLiteral("ok");
        QTest::newRow("empty name") << QString() << ok << QStringList{QStringLiteral("name")};
        QTest::newRow("blank name") << QStringLiteral("   \t") << ok << QStringList{QStringLiteral("name")};
        QTest::newRow("name of 100") << QString(100, u'n') << ok << QStringList{};
        QTest::newRow("name of 101") << QString(101, u'n') << ok << QStringList{QStringLiteral("name")};
        // Characters, not UTF-16 units: 100 emoji are 200 units but 100 characters.
        QTest::newRow("100 emoji") << QStringLiteral("\U0001F375").repeated(100) << ok << QStringList{};
        QTest::newRow("101 emoji") << QStringLiteral("\U0001F375").repeated(101) << ok << QStringList{QStringLiteral("name")};
        QTest::newRow("name with NUL") << QStringLiteral("a") + QChar(u'\0') + QStringLiteral("b") << ok
                                       << QStringList{QStringLiteral("name")};
        QTest::newRow("description of 1000") << ok << QString(1000, u'd') << QStringList{};
        QTest::newRow("description of 1001") << ok << QString(1001, u'd') << QStringList{QStringLiteral("description")};
        QTest::newRow("both bad") << QString() << QString(1001, u'd')
                                  << QStringList{QStringLiteral("name"), QStringLiteral("description")};
    }

    void categoryRules()
    {
        QFETCH(QString, name);
        QFETCH(QString, description);
        QFETCH(QStringList, badFields);
        QCOMPARE(fieldsOf(catalog::validateCategory({name, description})), badFields);
    }

    void aValidProductHasNoErrors()
    {
        QVERIFY(catalog::validateProduct(goodProduct()).isEmpty());
    }

    void skuRules_data()
    {
        QTest::addColumn<QString>("sku");
        QTest::addColumn<bool>("valid");

        QTest::newRow("letters digits dash") << QStringLiteral("ABC-123") << true;
        QTest::newRow("one character") << QStringLiteral("A") << true;
        QTest::newRow("50 characters") << QString(50, u'A') << true;
        QTest::newRow("51 characters") << QString(51, u'A') << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("lower case") << QStringLiteral("abc-123") << false;
        QTest::newRow("space") << QStringLiteral("ABC 123") << false;
        QTest::newRow("underscore") << QStringLiteral("ABC_123") << false;
        QTest::newRow("trailing newline") << QStringLiteral("ABC\n") << false;
        QTest::newRow("non-ASCII letter") << QStringLiteral("ÄBC") << false;
    }

    void skuRules()
    {
        QFETCH(QString, sku);
        QFETCH(bool, valid);
        ProductDraft draft = goodProduct();
        draft.sku = sku;
        const QList<FieldError> errors = catalog::validateProduct(draft);
        QCOMPARE(fieldsOf(errors), valid ? QStringList{} : QStringList{QStringLiteral("sku")});
    }

    void priceMustBeAtLeastOneCent()
    {
        ProductDraft draft = goodProduct();
        draft.price = Money::fromCents(1);
        QVERIFY(catalog::validateProduct(draft).isEmpty());
        draft.price = Money::fromCents(0);
        QCOMPARE(fieldsOf(catalog::validateProduct(draft)), QStringList{QStringLiteral("price")});
        draft.price = Money::fromCents(-100);
        QCOMPARE(fieldsOf(catalog::validateProduct(draft)), QStringList{QStringLiteral("price")});
    }

    void inventoryMustFitTheColumn()
    {
        ProductDraft draft = goodProduct();
        draft.inventoryQuantity = 0;
        QVERIFY(catalog::validateProduct(draft).isEmpty());
        draft.inventoryQuantity = catalog::kMaxInventory;
        QVERIFY(catalog::validateProduct(draft).isEmpty());
        draft.inventoryQuantity = -1;
        QCOMPARE(fieldsOf(catalog::validateProduct(draft)), QStringList{QStringLiteral("inventoryQuantity")});
        draft.inventoryQuantity = catalog::kMaxInventory + 1;
        QCOMPARE(fieldsOf(catalog::validateProduct(draft)), QStringList{QStringLiteral("inventoryQuantity")});
    }

    void everyBadProductFieldIsListed()
    {
        ProductDraft draft;
        draft.sku = QStringLiteral("bad sku");
        draft.name = QString(201, u'n');
        draft.description = QString(5001, u'd');
        draft.price = Money::fromCents(0);
        draft.inventoryQuantity = -5;
        // categoryId left null
        QCOMPARE(fieldsOf(catalog::validateProduct(draft)),
                 (QStringList{QStringLiteral("sku"), QStringLiteral("name"), QStringLiteral("description"),
                              QStringLiteral("price"), QStringLiteral("inventoryQuantity"),
                              QStringLiteral("categoryId")}));
    }

    void productLengthLimitsAreInclusive()
    {
        ProductDraft draft = goodProduct();
        draft.name = QString(200, u'n');
        draft.description = QString(5000, u'd');
        QVERIFY(catalog::validateProduct(draft).isEmpty());
    }

    void aPatchChecksOnlyTheFieldsItSets()
    {
        QVERIFY(catalog::validateProductPatch({}).isEmpty());

        ProductPatch patch;
        patch.price = Money::fromCents(1999);
        QVERIFY(catalog::validateProductPatch(patch).isEmpty());

        patch.name = QStringLiteral("  ");
        patch.sku = QStringLiteral("lower");
        patch.inventoryQuantity = -1;
        patch.expectedVersion = -1;
        QCOMPARE(fieldsOf(catalog::validateProductPatch(patch)),
                 (QStringList{QStringLiteral("sku"), QStringLiteral("name"), QStringLiteral("inventoryQuantity"),
                              QStringLiteral("version")}));
    }

    void anEmptyPatchChangesNothing()
    {
        ProductPatch patch;
        patch.expectedVersion = 3;
        QVERIFY(patch.changesNothing());
        patch.isActive = false;
        QVERIFY(!patch.changesNothing());
    }

    void stockAdjustmentRules_data()
    {
        QTest::addColumn<std::optional<qint64>>("delta");
        QTest::addColumn<std::optional<qint64>>("newQuantity");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QStringList>("fields");
        const QString reason = QStringLiteral("Stock count");
        using Q = std::optional<qint64>;
        QTest::newRow("delta") << Q(-2) << Q() << reason << QStringList();
        QTest::newRow("new quantity") << Q() << Q(0) << reason << QStringList();
        QTest::newRow("neither") << Q() << Q() << reason << QStringList{QStringLiteral("delta")};
        QTest::newRow("both") << Q(1) << Q(1) << reason << QStringList{QStringLiteral("delta")};
        QTest::newRow("zero delta") << Q(0) << Q() << reason << QStringList{QStringLiteral("delta")};
        QTest::newRow("negative quantity") << Q() << Q(-1) << reason << QStringList{QStringLiteral("newQuantity")};
        QTest::newRow("blank reason") << Q(1) << Q() << QStringLiteral("  ") << QStringList{QStringLiteral("reason")};
        QTest::newRow("200 characters") << Q(1) << Q() << QString(200, u'r') << QStringList();
        QTest::newRow("201 characters") << Q(1) << Q() << QString(201, u'r') << QStringList{QStringLiteral("reason")};
    }

    void stockAdjustmentRules()
    {
        QFETCH(std::optional<qint64>, delta);
        QFETCH(std::optional<qint64>, newQuantity);
        QFETCH(QString, reason);
        QFETCH(QStringList, fields);
        StockAdjustment adjustment;
        adjustment.delta = delta;
        adjustment.newQuantity = newQuantity;
        adjustment.reason = reason;
        QCOMPARE(fieldsOf(catalog::validateStockAdjustment(adjustment)), fields);
    }

    void anAdjustmentMayNotLeaveNegativeStock()
    {
        StockAdjustment removeFive;
        removeFive.delta = -5;
        QCOMPARE(catalog::quantityAfter(7, removeFive), 2);
        QVERIFY(catalog::validateQuantityAfter(2, removeFive).isEmpty());
        QCOMPARE(catalog::quantityAfter(3, removeFive), -2);
        const QList<FieldError> errors = catalog::validateQuantityAfter(-2, removeFive);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().field, QStringLiteral("delta"));
        QCOMPARE(errors.first().message, QStringLiteral("would make the stock negative"));
        StockAdjustment setTo;
        setTo.newQuantity = 9;
        QCOMPARE(catalog::quantityAfter(3, setTo), 9);
    }

    void mergeKeepsTheFirstErrorOfEachField()
    {
        const QList<FieldError> parse{{QStringLiteral("price"), QStringLiteral("must have at most two decimals")}};
        const QList<FieldError> rules{{QStringLiteral("price"), QStringLiteral("must be at least 0.01")},
                                      {QStringLiteral("name"), QStringLiteral("must not be blank")}};
        const QList<FieldError> merged = mergeFieldErrors(parse, rules);
        QCOMPARE(fieldsOf(merged), (QStringList{QStringLiteral("price"), QStringLiteral("name")}));
        QCOMPARE(merged.first().message, QStringLiteral("must have at most two decimals"));
    }
};

QTEST_GUILESS_MAIN(CatalogValidationTest)
#include "tst_catalogvalidation.moc"
