#include "guitestenvironment.h"
#include "ui/manager/productdialog.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QtTest>

using namespace shop;

// Editing a product that someone else changes at the same time.
class ProductDialogTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aConcurrentChangeIsReportedAndReloadedInsteadOfOverwritten()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        CatalogService &catalog = environment.catalog();
        const Result<Category> shirts = catalog.createCategory({QStringLiteral("Shirts"), std::nullopt});
        QVERIFY(shirts);
        const Result<Product> read = catalog.createProduct(
            {QStringLiteral("SHIRT-1"), QStringLiteral("Blue shirt"), std::nullopt, Money::fromCents(1500), 4, shirts->id, true});
        QVERIFY(read);

        // given the manager opened what they read, and a colleague renamed it since
        ProductDialog dialog(catalog, {shirts.value()}, read.value());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        ProductPatch elsewhere;
        elsewhere.name = QStringLiteral("Navy shirt");
        QVERIFY(catalog.updateProduct(read->id, elsewhere));

        // when the manager saves a new price, the question comes and they answer Yes
        QString question;
        QTimer answer;
        connect(&answer, &QTimer::timeout, &dialog, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                question = box->text();
                box->button(QMessageBox::Yes)->click();
            }
        });
        answer.start(20);
        auto *price = dialog.findChild<QLineEdit *>(QStringLiteral("price"));
        price->setText(QStringLiteral("17.50"));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("save")), Qt::LeftButton);

        // then the dialog shows the colleague's version and nothing was overwritten
        auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("name"));
        QTRY_COMPARE_WITH_TIMEOUT(name->text(), QStringLiteral("Navy shirt"), 10000);
        QCOMPARE(question, QStringLiteral("This product was changed by someone else. Reload?"));
        QCOMPARE(price->text(), QStringLiteral("15.00"));
        QVERIFY(dialog.isVisible());
        QCOMPARE(catalog.product(read->id)->price, Money::fromCents(1500));

        // and saving again now applies on top of it
        price->setText(QStringLiteral("17.50"));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("save")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        const Result<Product> stored = catalog.product(read->id);
        QCOMPARE(stored->price, Money::fromCents(1750));
        QCOMPARE(stored->name, QStringLiteral("Navy shirt"));
    }

    void aTakenSkuIsShownUnderTheSkuField()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        CatalogService &catalog = environment.catalog();
        const Result<Category> shirts = catalog.createCategory({QStringLiteral("Shirts"), std::nullopt});
        QVERIFY(shirts);
        QVERIFY(catalog.createProduct(
            {QStringLiteral("SHIRT-1"), QStringLiteral("Blue shirt"), std::nullopt, Money::fromCents(1500), 4, shirts->id, true}));

        ProductDialog dialog(catalog, {shirts.value()}, std::nullopt);
        dialog.show();
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("sku")), QStringLiteral("SHIRT-1"));
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("name")), QStringLiteral("Another shirt"));
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("price")), QStringLiteral("9.90"));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("save")), Qt::LeftButton);

        auto *skuError = dialog.findChild<QLabel *>(QStringLiteral("skuError"));
        QTRY_VERIFY_WITH_TIMEOUT(skuError->isVisible(), 10000);
        QCOMPARE(skuError->text(), QStringLiteral("a product with this SKU already exists"));
        QVERIFY(dialog.isVisible());
    }
};

QTEST_MAIN(ProductDialogTest)
#include "tst_productdialog.moc"
