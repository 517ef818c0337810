#include "ui/common/backgroundtask.h"
#include "ui/manager/catalogview.h"
#include "guitestenvironment.h"
#include "ui/manager/managerwindow.h"
#include "ui/manager/producttablemodel.h"
#include "ui/manager/stockadjustmentdialog.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

using namespace shop;

namespace {

const Principal kManager{QStringLiteral("maria"), {QStringLiteral("MANAGER")}};

struct Shelf
{
    Category category;
    Product product;
};

std::optional<Shelf> shirtWithStock(CatalogService &catalog, qint64 stock)
{
    const Result<Category> shirts = catalog.createCategory({QStringLiteral("Shirts"), std::nullopt});
    if (!shirts)
        return std::nullopt;
    const Result<Product> shirt = catalog.createProduct({QStringLiteral("SHIRT-1"), QStringLiteral("Blue shirt"),
                                                         std::nullopt, Money::fromCents(1500), stock, shirts->id, true});
    if (!shirt)
        return std::nullopt;
    return Shelf{shirts.value(), shirt.value()};
}

} // namespace

// Stock adjusted by hand, always with a reason that is kept.
class StockAdjustmentTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void anAdjustmentChangesTheTableAndRecordsItsReason()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        CatalogService &catalog = environment.catalog();
        const std::optional<Shelf> shelf = shirtWithStock(catalog, 4);
        QVERIFY(shelf);

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.showScreen(window.catalogView());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ProductTableModel *model = window.catalogView()->productModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10000);
        window.catalogView()->productTable()->selectRow(0);

        // when the manager adds 6 delivered shirts, with the reason
        QTimer::singleShot(0, qApp, [] {
            auto *dialog = qobject_cast<StockAdjustmentDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->findChild<QSpinBox *>(QStringLiteral("delta"))->setValue(6);
            QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("reason")),
                             QStringLiteral("Delivery from supplier"));
            GuiTestEnvironment::saveScreenshot(*dialog, QStringLiteral("stock-adjustment"));
            QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("save")), Qt::LeftButton);
            QTimer::singleShot(10000, dialog, &QDialog::reject);
        });
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("adjustStock")), Qt::LeftButton);

        // then the table shows 10 and the adjustment is recorded
        QTRY_COMPARE_WITH_TIMEOUT(model->index(0, ProductTableModel::StockColumn).data().toString(),
                                  QStringLiteral("10"), 10000);
        const Result<QList<InventoryAdjustment>> recorded = catalog.inventoryAdjustments(shelf->product.id, 10);
        QVERIFY(recorded);
        QCOMPARE(recorded->size(), 1);
        const InventoryAdjustment &adjustment = recorded->first();
        QCOMPARE(adjustment.delta, 6);
        QCOMPARE(adjustment.quantityAfter, 10);
        QCOMPARE(adjustment.reason, QStringLiteral("Delivery from supplier"));
        QCOMPARE(adjustment.adjustedBy, QStringLiteral("maria"));
        QCOMPARE(catalog.product(shelf->product.id)->inventoryQuantity, 10);
    }

    void aBlankReasonIsShownNextToItsFieldAndChangesNothing()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        CatalogService &catalog = environment.catalog();
        const std::optional<Shelf> shelf = shirtWithStock(catalog, 4);
        QVERIFY(shelf);

        StockAdjustmentDialog dialog(catalog, shelf->product, QStringLiteral("maria"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.findChild<QRadioButton *>(QStringLiteral("setTo"))->setChecked(true);
        dialog.findChild<QSpinBox *>(QStringLiteral("newQuantity"))->setValue(2);
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("reason")), QStringLiteral("   "));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("save")), Qt::LeftButton);

        auto *reasonError = dialog.findChild<QLabel *>(QStringLiteral("reasonError"));
        QVERIFY(reasonError->isVisible());
        QCOMPARE(reasonError->text(), QStringLiteral("must not be blank"));
        QVERIFY(dialog.isVisible());
        QVERIFY(GuiTestEnvironment::saveScreenshot(dialog, QStringLiteral("stock-adjustment-error")));
        shop::backgroundPool().waitForDone();
        QCOMPARE(catalog.product(shelf->product.id)->inventoryQuantity, 4);
        QCOMPARE(catalog.inventoryAdjustments(shelf->product.id, 10)->size(), 0);
    }

    void aSaleInBetweenAsksToReloadInsteadOfUndoingIt()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        CatalogService &catalog = environment.catalog();
        const std::optional<Shelf> shelf = shirtWithStock(catalog, 4);
        QVERIFY(shelf);

        // given the manager looks at 4 in stock, and the stock changes elsewhere
        StockAdjustmentDialog dialog(catalog, shelf->product, QStringLiteral("maria"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        ProductPatch elsewhere;
        elsewhere.inventoryQuantity = 3;
        QVERIFY(catalog.updateProduct(shelf->product.id, elsewhere));

        // when they set it to 20 and answer Yes to the question
        QString question;
        QTimer answer;
        connect(&answer, &QTimer::timeout, &dialog, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                question = box->text();
                box->button(QMessageBox::Yes)->click();
            }
        });
        answer.start(20);
        dialog.findChild<QRadioButton *>(QStringLiteral("setTo"))->setChecked(true);
        dialog.findChild<QSpinBox *>(QStringLiteral("newQuantity"))->setValue(20);
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("reason")), QStringLiteral("Stock count"));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("save")), Qt::LeftButton);

        // then the dialog shows the current stock and nothing was written
        auto *current = dialog.findChild<QLabel *>(QStringLiteral("currentStock"));
        QTRY_COMPARE_WITH_TIMEOUT(current->text(), QStringLiteral("3"), 10000);
        QCOMPARE(question, QStringLiteral("This product was changed by someone else. Reload?"));
        QVERIFY(dialog.isVisible());
        QCOMPARE(catalog.product(shelf->product.id)->inventoryQuantity, 3);
        QCOMPARE(catalog.inventoryAdjustments(shelf->product.id, 10)->size(), 0);
    }
};

QTEST_MAIN(StockAdjustmentTest)
#include "tst_stockadjustment.moc"
