#include "ui/manager/catalogview.h"
#include "ui/manager/categorydialog.h"
#include "guitestenvironment.h"
#include "ui/manager/managerwindow.h"
#include "ui/manager/producttablemodel.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QtTest>

#include <functional>

using namespace shop;

namespace {

const Principal kManager{QStringLiteral("maria"), {QStringLiteral("MANAGER")}};

// Runs with the category dialog that a click opens (exec() blocks the click),
// then makes sure it is closed so a failing check cannot hang the test.
void whenCategoryDialogOpens(const std::function<void(CategoryDialog &)> &handle)
{
    QTimer::singleShot(0, qApp, [handle] {
        auto *dialog = qobject_cast<CategoryDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        handle(*dialog);
        QTimer::singleShot(10000, dialog, &QDialog::reject);
    });
}

QStringList listed(const QListWidget &list)
{
    QStringList names;
    for (int row = 0; row < list.count(); ++row)
        names.append(list.item(row)->text());
    return names;
}

} // namespace

// Categories managed from the catalog screen: created, renamed, and kept
// while they still have products.
class CategoryDialogTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aCategoryIsCreatedAndRenamedFromTheCatalogScreen()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        const Result<Category> shirts = environment.catalog().createCategory({QStringLiteral("Shirts"), std::nullopt});
        QVERIFY(shirts);

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.showScreen(window.catalogView());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *categories = window.findChild<QListWidget *>(QStringLiteral("categories"));
        QTRY_COMPARE_WITH_TIMEOUT(categories->count(), 2, 10000);

        // when the manager creates "Mugs"
        whenCategoryDialogOpens([](CategoryDialog &dialog) {
            QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("name")), QStringLiteral("Mugs"));
            QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("save")), Qt::LeftButton);
        });
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("newCategory")), Qt::LeftButton);

        // then the list shows it
        QTRY_COMPARE_WITH_TIMEOUT(categories->count(), 3, 10000);
        QVERIFY(listed(*categories).contains(QStringLiteral("Mugs")));

        // when they rename it to "Cups"
        const QList<QListWidgetItem *> mugs = categories->findItems(QStringLiteral("Mugs"), Qt::MatchExactly);
        QCOMPARE(mugs.size(), 1);
        categories->setCurrentItem(mugs.first());
        whenCategoryDialogOpens([](CategoryDialog &dialog) {
            auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("name"));
            name->selectAll();
            QTest::keyClicks(name, QStringLiteral("Cups"));
            QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("save")), Qt::LeftButton);
        });
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("editCategory")), Qt::LeftButton);

        // then the list and the database have the new name, still selected
        QTRY_VERIFY_WITH_TIMEOUT(listed(*categories).contains(QStringLiteral("Cups")), 10000);
        QVERIFY(!listed(*categories).contains(QStringLiteral("Mugs")));
        QCOMPARE(categories->currentItem()->text(), QStringLiteral("Cups"));
        const Result<QList<Category>> stored = environment.catalog().categories();
        QVERIFY(stored);
        QCOMPARE(stored->size(), 2);
    }

    void aTakenNameAndADeleteOfAUsedCategoryAreRefusedWithAMessage()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        CatalogService &catalog = environment.catalog();
        const Result<Category> shirts = catalog.createCategory({QStringLiteral("Shirts"), std::nullopt});
        QVERIFY(shirts);
        QVERIFY(catalog.createCategory({QStringLiteral("Mugs"), std::nullopt}));
        QVERIFY(catalog.createProduct({QStringLiteral("SHIRT-1"), QStringLiteral("Blue shirt"), std::nullopt,
                                       Money::fromCents(1500), 4, shirts->id, true}));

        CategoryDialog dialog(catalog, shirts.value());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        // when the manager renames Shirts to the taken name Mugs
        auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("name"));
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("Mugs"));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("save")), Qt::LeftButton);

        // then the reason shows under the name and the dialog stays
        auto *nameError = dialog.findChild<QLabel *>(QStringLiteral("nameError"));
        QTRY_VERIFY_WITH_TIMEOUT(nameError->isVisible(), 10000);
        QCOMPARE(nameError->text(), QStringLiteral("a category with this name already exists"));
        QVERIFY(dialog.isVisible());

        // when they delete it, answering Yes to the question
        QString question;
        QTimer answer;
        connect(&answer, &QTimer::timeout, &dialog, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                question = box->text();
                box->button(QMessageBox::Yes)->click();
            }
        });
        answer.start(20);
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("delete")), Qt::LeftButton);

        // then the delete is refused with the reason, and Shirts stays
        auto *formError = dialog.findChild<QLabel *>(QStringLiteral("formError"));
        QTRY_VERIFY_WITH_TIMEOUT(formError->isVisible(), 10000);
        answer.stop();
        QCOMPARE(question, QStringLiteral("Delete the category Shirts?"));
        QCOMPARE(formError->text(),
                 QStringLiteral("Could not delete: the category still has products; move or delete them first"));
        QVERIFY(dialog.isVisible());
        QVERIFY(!dialog.wasDeleted());
        QVERIFY(catalog.category(shirts->id));
        QVERIFY(GuiTestEnvironment::saveScreenshot(dialog, QStringLiteral("category-dialog")));
    }

    void anUnusedCategoryIsDeleted()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        CatalogService &catalog = environment.catalog();
        const Result<Category> empty = catalog.createCategory({QStringLiteral("Empty"), std::nullopt});
        QVERIFY(empty);

        CategoryDialog dialog(catalog, empty.value());
        dialog.show();
        QTimer answer;
        connect(&answer, &QTimer::timeout, &dialog, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes)->click();
        });
        answer.start(20);
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("delete")), Qt::LeftButton);

        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        QVERIFY(dialog.wasDeleted());
        QCOMPARE(catalog.category(empty->id).error().kind, ServiceError::Kind::NotFound);
    }
};

QTEST_MAIN(CategoryDialogTest)
#include "tst_categorydialog.moc"
