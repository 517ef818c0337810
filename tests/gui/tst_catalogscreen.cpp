#include "ui/common/moneyformat.h"
#include "catalogfixtures.h"
#include "ui/manager/catalogview.h"
#include "guitestenvironment.h"
#include "ui/manager/managerwindow.h"
#include "ui/manager/productdialog.h"
#include "ui/manager/producttablemodel.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QtTest>

#include <functional>

using namespace shop;

namespace {

const Principal kManager{QStringLiteral("maria"), {QStringLiteral("MANAGER")}};

// Runs with the product dialog that a click opens (exec() blocks the click),
// then makes sure it is closed so a failing check cannot hang the test.
void whenProductDialogOpens(const std::function<void(ProductDialog &)> &handle)
{
    QTimer::singleShot(0, qApp, [handle] {
        auto *dialog = qobject_cast<ProductDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        handle(*dialog);
        QTimer::singleShot(10000, dialog, &QDialog::reject);
    });
}

template<typename T>
T *field(QWidget &dialog, const char *name)
{
    return dialog.findChild<T *>(QString::fromLatin1(name));
}

qint64 productCount(CatalogService &catalog)
{
    ProductQuery all;
    all.isActive = std::nullopt;
    const Result<ProductPage> page = catalog.products(all);
    return page ? page->totalElements : -1;
}

} // namespace

// The catalog screen driven like a manager would: categories beside the
// products, a product created through the dialog, a rule broken in it.
class CatalogScreenTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aProductCreatedInTheDialogAppearsInTheTable()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        const Result<Category> shirts = environment.catalog().createCategory({QStringLiteral("Shirts"), std::nullopt});
        QVERIFY(shirts);
        const Result<Category> mugs = environment.catalog().createCategory({QStringLiteral("Mugs"), std::nullopt});
        QVERIFY(mugs);
        for (const auto &[sku, name, cents, stock, category] :
             {std::tuple{QStringLiteral("MUG-WHITE"), QStringLiteral("Mug, white, 300 ml"), 899, 40, mugs->id},
              std::tuple{QStringLiteral("MUG-BLACK"), QStringLiteral("Mug, black, 300 ml"), 899, 12, mugs->id},
              std::tuple{QStringLiteral("TSHIRT-BLUE-L"), QStringLiteral("T-shirt, blue, L"), 1999, 7, shirts->id},
              std::tuple{QStringLiteral("HOODIE-GREY-M"), QStringLiteral("Hoodie, grey, M"), 4950, 3, shirts->id}})
            QVERIFY(environment.catalog().createProduct(
                {sku, name, std::nullopt, Money::fromCents(cents), stock, category, true}));

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *categories = window.findChild<QListWidget *>(QStringLiteral("categories"));
        QTRY_COMPARE_WITH_TIMEOUT(categories->count(), 3, 10000); // "All categories" first

        whenProductDialogOpens([&](ProductDialog &dialog) {
            QTest::keyClicks(field<QLineEdit>(dialog, "sku"), QStringLiteral("TSHIRT-RED-M"));
            QTest::keyClicks(field<QLineEdit>(dialog, "name"), QStringLiteral("T-shirt, red, M"));
            QTest::keyClicks(field<QLineEdit>(dialog, "price"), QStringLiteral("19.99"));
            field<QSpinBox>(dialog, "inventoryQuantity")->setValue(25);
            auto *category = field<QComboBox>(dialog, "categoryId");
            category->setCurrentIndex(category->findText(QStringLiteral("Shirts")));
            QTest::mouseClick(field<QPushButton>(dialog, "save"), Qt::LeftButton);
        });
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("newProduct")), Qt::LeftButton);

        ProductTableModel *model = window.catalogView()->productModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 5, 10000);
        const int row = 4; // sorted by SKU, after TSHIRT-BLUE-L
        QCOMPARE(model->index(row, ProductTableModel::SkuColumn).data().toString(), QStringLiteral("TSHIRT-RED-M"));
        QCOMPARE(model->index(row, ProductTableModel::NameColumn).data().toString(), QStringLiteral("T-shirt, red, M"));
        QCOMPARE(model->index(row, ProductTableModel::CategoryColumn).data().toString(), QStringLiteral("Shirts"));
        QCOMPARE(model->index(row, ProductTableModel::PriceColumn).data().toString(), formatMoney(Money::fromCents(1999)));
        QCOMPARE(model->index(row, ProductTableModel::StockColumn).data().toString(), QStringLiteral("25"));
        QCOMPARE(productCount(environment.catalog()), 5);
        window.catalogView()->productTable()->selectRow(row);
        QTRY_VERIFY(!model->isLoading());
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("catalog")));
    }

    void aBrokenRuleIsShownNextToItsFieldAndNothingIsSaved()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        QVERIFY(environment.catalog().createCategory({QStringLiteral("Shirts"), std::nullopt}));

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE_WITH_TIMEOUT(window.findChild<QListWidget *>(QStringLiteral("categories"))->count(), 2, 10000);

        QString skuError;
        QString priceError;
        bool isNameErrorShown = true;
        bool isStillOpen = false;
        whenProductDialogOpens([&](ProductDialog &dialog) {
            QTest::keyClicks(field<QLineEdit>(dialog, "sku"), QStringLiteral("bad sku!"));
            QTest::keyClicks(field<QLineEdit>(dialog, "name"), QStringLiteral("Mystery shirt"));
            QTest::keyClicks(field<QLineEdit>(dialog, "price"), QStringLiteral("0"));
            QTest::mouseClick(field<QPushButton>(dialog, "save"), Qt::LeftButton);
            skuError = field<QLabel>(dialog, "skuError")->isVisible() ? field<QLabel>(dialog, "skuError")->text() : QString();
            priceError = field<QLabel>(dialog, "priceError")->isVisible() ? field<QLabel>(dialog, "priceError")->text() : QString();
            isNameErrorShown = field<QLabel>(dialog, "nameError")->isVisible();
            isStillOpen = dialog.isVisible();
            GuiTestEnvironment::saveScreenshot(dialog, QStringLiteral("product-dialog-error"));
            dialog.reject();
        });
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("newProduct")), Qt::LeftButton);

        // The API's own messages (catalogvalidation), under their fields.
        QCOMPARE(skuError, QStringLiteral("may contain only A-Z, 0-9 and '-'"));
        QCOMPARE(priceError, QStringLiteral("must be at least 0.01"));
        QVERIFY(!isNameErrorShown);
        QVERIFY(isStillOpen);
        QCOMPARE(productCount(environment.catalog()), 0);
    }

    void searchAndCategoryNarrowTheTable()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        const Result<Category> shirts = environment.catalog().createCategory({QStringLiteral("Shirts"), std::nullopt});
        const Result<Category> mugs = environment.catalog().createCategory({QStringLiteral("Mugs"), std::nullopt});
        QVERIFY(shirts && mugs);
        for (const auto &[sku, name, category] :
             {std::tuple{QStringLiteral("SHIRT-1"), QStringLiteral("Blue shirt"), shirts->id},
              std::tuple{QStringLiteral("SHIRT-2"), QStringLiteral("Green shirt"), shirts->id},
              std::tuple{QStringLiteral("MUG-1"), QStringLiteral("Blue mug"), mugs->id}})
            QVERIFY(environment.catalog().createProduct({sku, name, std::nullopt, Money::fromCents(500), 3, category, true}));

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.show();
        ProductTableModel *model = window.catalogView()->productModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, 10000);

        QTest::keyClicks(window.findChild<QLineEdit *>(QStringLiteral("search")), QStringLiteral("blue"));
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 10000);

        auto *categories = window.findChild<QListWidget *>(QStringLiteral("categories"));
        QTRY_COMPARE_WITH_TIMEOUT(categories->count(), 3, 10000);
        const QList<QListWidgetItem *> mugItems = categories->findItems(QStringLiteral("Mugs"), Qt::MatchExactly);
        QCOMPARE(mugItems.size(), 1);
        categories->setCurrentItem(mugItems.first());
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10000);
        QCOMPARE(model->index(0, ProductTableModel::SkuColumn).data().toString(), QStringLiteral("MUG-1"));
    }

    void pagesLoadAsTheTableScrollsAndHeadersSortInTheDatabase()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        const Result<Category> bulk = environment.catalog().createCategory({QStringLiteral("Bulk"), std::nullopt});
        QVERIFY(bulk);
        testsupport::CatalogFixtures fixtures(environment.database());
        fixtures.scalar(QStringLiteral("INSERT INTO catalog.products (sku, name, price_cents, inventory_quantity, category_id) "
                                       "SELECT 'BULK-' || lpad(i::text, 4, '0'), 'Bulk product ' || i, 100 + i, i, ? "
                                       "FROM generate_series(1, 450) AS i"),
                        {bulk->id.toString(QUuid::WithoutBraces)});
        QVERIFY2(fixtures.lastError().isEmpty(), qPrintable(fixtures.lastError()));

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ProductTableModel *model = window.catalogView()->productModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), ProductTableModel::kPageSize, 10000);
        QCOMPARE(model->totalCount(), 450);
        QCOMPARE(model->index(0, ProductTableModel::SkuColumn).data().toString(), QStringLiteral("BULK-0001"));

        QTableView *table = window.catalogView()->productTable();
        for (int expected : {2 * ProductTableModel::kPageSize, 450}) {
            table->scrollToBottom();
            QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), expected, 10000);
        }
        auto *status = window.findChild<QLabel *>(QStringLiteral("catalogStatus"));
        QTRY_VERIFY(status->text().contains(QStringLiteral("450")));

        // Price, highest first: the whole table's order, not just the loaded rows.
        table->horizontalHeader()->setSortIndicator(ProductTableModel::PriceColumn, Qt::DescendingOrder);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), ProductTableModel::kPageSize, 10000);
        QCOMPARE(model->index(0, ProductTableModel::SkuColumn).data().toString(), QStringLiteral("BULK-0450"));
        QCOMPARE(model->index(0, ProductTableModel::PriceColumn).data().toString(), formatMoney(Money::fromCents(550)));
    }

    void aDeactivatedProductLeavesTheActiveList()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        const Result<Category> mugs = environment.catalog().createCategory({QStringLiteral("Mugs"), std::nullopt});
        QVERIFY(mugs);
        const Result<Product> mug = environment.catalog().createProduct(
            {QStringLiteral("MUG-1"), QStringLiteral("Blue mug"), std::nullopt, Money::fromCents(500), 3, mugs->id, true});
        QVERIFY(mug);

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.show();
        ProductTableModel *model = window.catalogView()->productModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10000);
        auto *deactivate = window.findChild<QPushButton *>(QStringLiteral("deactivateProduct"));
        QVERIFY(deactivate);
        QVERIFY(!deactivate->isEnabled());
        window.catalogView()->productTable()->selectRow(0);
        QVERIFY(deactivate->isEnabled());

        QTimer::singleShot(0, qApp, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes)->click();
        });
        QTest::mouseClick(deactivate, Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(!environment.catalog().product(mug->id)->isActive, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, 10000);
        QTRY_VERIFY(!model->isLoading());
        auto *activeFilter = window.findChild<QComboBox *>(QStringLiteral("activeFilter"));
        activeFilter->setCurrentIndex(activeFilter->findData(false));
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10000);
        QCOMPARE(model->index(0, ProductTableModel::ActiveColumn).data().toString(), QStringLiteral("No"));
    }
};

QTEST_MAIN(CatalogScreenTest)
#include "tst_catalogscreen.moc"
