#include "catalog/catalogcsv.h"
#include "guitestenvironment.h"
#include "ui/manager/catalogimportdialog.h"
#include "ui/manager/catalogview.h"
#include "ui/manager/importpreviewmodel.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace shop;

namespace {

const Principal kManager{QStringLiteral("maria"), {QStringLiteral("MANAGER")}};

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray productLine(const QString &sku, const QString &name, const QString &price, int stock)
{
    return catalog::csvLine({sku, name, QString(), price, QString::number(stock), QStringLiteral("Tools"),
                             QStringLiteral("true")});
}

QString textOf(QDialog &dialog, const char *name)
{
    const auto *label = dialog.findChild<QLabel *>(QString::fromLatin1(name));
    return label ? label->text() : QString();
}

} // namespace

// The Catalog tab's Import... (preview, then apply with progress and
// cancel, off the GUI thread) and Export...
class CatalogImportTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GuiTestEnvironment> m_environment;
    QTemporaryDir m_files;
    QUuid m_tools;

    int productCount()
    {
        ProductQuery all;
        all.isActive = std::nullopt;
        const Result<ProductPage> page = m_environment->catalog().products(all);
        return page ? static_cast<int>(page->totalElements) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_environment = std::make_unique<GuiTestEnvironment>();
        QVERIFY2(m_environment->error().isEmpty(), qPrintable(m_environment->error()));
        const Result<Category> tools = m_environment->catalog().createCategory({QStringLiteral("Tools"), std::nullopt});
        QVERIFY(tools);
        m_tools = tools->id;
        QVERIFY(m_environment->catalog().createProduct({QStringLiteral("HAM-1"), QStringLiteral("Hammer"), std::nullopt,
                                                        Money::fromCents(1500), 4, m_tools, true}));
    }

    void cleanupTestCase() { m_environment.reset(); }

    void thePreviewShowsEachRowAndWhyOneIsRejected()
    {
        const QString path = m_files.filePath(QStringLiteral("preview.csv"));
        QVERIFY(writeFile(path, catalog::csvLine(catalog::csvColumns())
                                    + productLine(QStringLiteral("HAM-1"), QStringLiteral("Hammer"), QStringLiteral("16.00"), 4)
                                    + productLine(QStringLiteral("SAW-1"), QStringLiteral("Hand saw"), QStringLiteral("22.50"), 7)
                                    + productLine(QStringLiteral("DRL-1"), QStringLiteral("Drill"), QStringLiteral("0"), 2)
                                    + productLine(QStringLiteral("TAP-1"), QStringLiteral("Tape"), QStringLiteral("3.20"), 30)));
        CatalogImportDialog dialog(m_environment->catalogTransfer(), path, kManager.username);
        dialog.show();
        QTRY_COMPARE_WITH_TIMEOUT(dialog.stage(), CatalogImportDialog::Stage::Previewed, 20000);
        QCOMPARE(textOf(dialog, "importSummary"),
                 QStringLiteral("2 to create, 1 to update, 0 unchanged, 1 rejected. Fix the rejected rows and import the "
                                "file again: nothing is imported while any row is rejected."));
        QAbstractItemModel *rows = dialog.previewTable()->model();
        QCOMPARE(rows->rowCount(), 4);
        QCOMPARE(rows->index(0, ImportPreviewModel::ActionColumn).data().toString(), QStringLiteral("update"));
        QCOMPARE(rows->index(2, ImportPreviewModel::LineColumn).data().toInt(), 4);
        QCOMPARE(rows->index(2, ImportPreviewModel::ActionColumn).data().toString(), QStringLiteral("rejected"));
        QCOMPARE(rows->index(2, ImportPreviewModel::ReasonColumn).data().toString(),
                 QStringLiteral("price: must be at least 0.01"));
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("applyImport"))->isEnabled());
        QVERIFY(GuiTestEnvironment::saveScreenshot(dialog, QStringLiteral("catalog-import-preview")));
        QCOMPARE(productCount(), 1);
    }

    void applyShowsProgressAndCancelLeavesTheCatalogAsItWas()
    {
        const QString path = m_files.filePath(QStringLiteral("large.csv"));
        QByteArray csv = catalog::csvLine(catalog::csvColumns());
        for (int i = 0; i < 40'000; ++i)
            csv += productLine(QStringLiteral("BULK-%1").arg(i), QStringLiteral("Bulk item %1").arg(i),
                               QStringLiteral("1.%1").arg(i % 100, 2, 10, QLatin1Char('0')), i % 9);
        QVERIFY(writeFile(path, csv));
        CatalogImportDialog dialog(m_environment->catalogTransfer(), path, kManager.username);
        dialog.show();
        QTRY_COMPARE_WITH_TIMEOUT(dialog.stage(), CatalogImportDialog::Stage::Previewed, 30000);
        auto *apply = dialog.findChild<QPushButton *>(QStringLiteral("applyImport"));
        QVERIFY(apply->isEnabled());
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(dialog.stage(), CatalogImportDialog::Stage::Applying);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.progressBar()->value() > 0, 30000);
        QVERIFY(dialog.progressBar()->isVisible());
        QVERIFY(GuiTestEnvironment::saveScreenshot(dialog, QStringLiteral("catalog-import-progress")));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("cancelImport")), Qt::LeftButton);
        QVERIFY(dialog.isVisible()); // it stays until the worker has rolled back
        QTRY_COMPARE_WITH_TIMEOUT(dialog.stage(), CatalogImportDialog::Stage::Done, 30000);
        QCOMPARE(textOf(dialog, "importSummary"), QStringLiteral("Cancelled: nothing was imported."));
        QCOMPARE(productCount(), 1);
    }

    void anAppliedImportReachesTheTableAndExportWritesWhatItShows()
    {
        ManagerWindow window(QString(), m_environment->managerServices(), kManager);
        window.showScreen(window.catalogView());
        window.show();
        const QString path = m_files.filePath(QStringLiteral("small.csv"));
        QVERIFY(writeFile(path, catalog::csvLine(catalog::csvColumns())
                                    + productLine(QStringLiteral("SAW-1"), QStringLiteral("Hand saw"), QStringLiteral("22.50"), 7)));
        CatalogView *view = window.catalogView();
        CatalogImportDialog *dialog = view->importFile(path);
        QVERIFY(dialog);
        QSignalSpy imported(dialog, &CatalogImportDialog::imported);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->stage(), CatalogImportDialog::Stage::Previewed, 20000);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("applyImport")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->stage(), CatalogImportDialog::Stage::Done, 20000);
        QCOMPARE(imported.size(), 1);
        QCOMPARE(textOf(*dialog, "importSummary"), QStringLiteral("Imported: 1 created, 0 updated, 0 unchanged."));
        QCOMPARE(m_environment->catalog().productBySku(QStringLiteral("SAW-1"))->price, Money::fromCents(2250));
        dialog->close();

        QTRY_COMPARE_WITH_TIMEOUT(view->productTable()->model()->rowCount(), 2, 20000);
        QSignalSpy status(view, &CatalogView::statusMessage);
        const QString exported = m_files.filePath(QStringLiteral("export.csv"));
        view->exportTo(exported);
        QTRY_COMPARE_WITH_TIMEOUT(status.size(), 1, 20000);
        QVERIFY2(status.front().front().toString().startsWith(u"2 product"), qPrintable(status.front().front().toString()));
        QFile file(exported);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const catalog::CsvTable table = catalog::readCsv(file.readAll());
        QCOMPARE(table.records.size(), 2);
        QCOMPARE(table.records[0].fields.front(), QStringLiteral("HAM-1"));
        QCOMPARE(table.records[1].fields.front(), QStringLiteral("SAW-1"));
    }
};

QTEST_MAIN(CatalogImportTest)
#include "tst_catalogimport.moc"
