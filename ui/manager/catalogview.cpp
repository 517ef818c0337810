#include "catalogview.h"

#include "ui/common/appicons.h"
#include "ui/common/backgroundtask.h"
#include "catalog/catalogservice.h"
#include "catalogimportdialog.h"
#include "categorydialog.h"
#include "pagedtablestatus.h"
#include "productdialog.h"
#include "producttablemodel.h"
#include "searchfield.h"
#include "stockadjustmentdialog.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace shop {

namespace {

// A menu mirroring buttons: same text, same enabled state, same effect.
void showContextMenu(const QPoint &globalPosition, const QList<QPushButton *> &buttons)
{
    QMenu menu;
    for (QPushButton *button : buttons) {
        QAction *action = menu.addAction(button->icon(), button->text(), button, &QPushButton::click);
        action->setEnabled(button->isEnabled());
    }
    menu.exec(globalPosition);
}

} // namespace

CatalogView::CatalogView(CatalogService &catalog, CatalogTransfer &transfer, bool canEdit, const QString &userName,
                         QWidget *parent)
    : QWidget(parent)
    , m_catalog(catalog)
    , m_transfer(transfer)
    , m_canEdit(canEdit)
    , m_userName(userName)
    , m_model(new ProductTableModel(catalog, this))
    , m_categoryList(new QListWidget)
    , m_search(new SearchField)
    , m_activeFilter(new QComboBox)
    , m_newProduct(new QPushButton(tr("&New product…")))
    , m_editProduct(new QPushButton(tr("&Edit…")))
    , m_deactivateProduct(new QPushButton(tr("&Deactivate…")))
    , m_adjustStock(new QPushButton(tr("Adjust &stock…")))
    , m_newCategory(new QPushButton(tr("New…")))
    , m_editCategory(new QPushButton(tr("Edit…")))
    , m_import(new QPushButton(tr("&Import…")))
    , m_export(new QPushButton(tr("E&xport…")))
    , m_table(new QTableView)
    , m_status(new PagedTableStatus(m_model, QStringLiteral("catalogStatus"),
                                    {tr("Loading products…"),
                                     [](int shown, qint64 total) {
                                         return tr("%1 of %n product(s) shown", nullptr, static_cast<int>(total))
                                             .arg(shown);
                                     },
                                     tr("Could not load products: %1")}))
{
    m_categoryList->setObjectName(QStringLiteral("categories"));
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search SKU or name"));
    m_activeFilter->setObjectName(QStringLiteral("activeFilter"));
    m_activeFilter->addItem(tr("Active products"), true);
    m_activeFilter->addItem(tr("Inactive products"), false);
    m_activeFilter->addItem(tr("All products"));
    m_newProduct->setObjectName(QStringLiteral("newProduct"));
    m_editProduct->setObjectName(QStringLiteral("editProduct"));
    m_deactivateProduct->setObjectName(QStringLiteral("deactivateProduct"));
    m_adjustStock->setObjectName(QStringLiteral("adjustStock"));
    m_newProduct->setIcon(icons::newItem());
    m_editProduct->setIcon(icons::edit());
    m_adjustStock->setIcon(icons::adjustStock());
    m_deactivateProduct->setIcon(icons::deactivate());
    m_newCategory->setIcon(icons::newItem());
    m_editCategory->setIcon(icons::edit());
    m_newCategory->setObjectName(QStringLiteral("newCategory"));
    m_editCategory->setObjectName(QStringLiteral("editCategory"));
    m_import->setObjectName(QStringLiteral("importProducts"));
    m_export->setObjectName(QStringLiteral("exportProducts"));
    m_export->setToolTip(tr("Save the products the filters show as a CSV file"));
    m_newProduct->setShortcut(QKeySequence::New);
    m_editProduct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_adjustStock->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    m_table->setObjectName(QStringLiteral("products"));
    m_table->setModel(m_model);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ProductTableModel::SkuColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    m_table->horizontalHeader()->setSectionResizeMode(ProductTableModel::NameColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(ProductTableModel::SkuColumn, 160);
    m_table->setColumnWidth(ProductTableModel::CategoryColumn, 160);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_activeFilter);
    filters->addSpacing(12);
    filters->addWidget(m_newProduct);
    filters->addWidget(m_editProduct);
    filters->addWidget(m_adjustStock);
    filters->addWidget(m_deactivateProduct);
    filters->addSpacing(12);
    filters->addWidget(m_import);
    filters->addWidget(m_export);

    auto *products = new QWidget;
    auto *productsLayout = new QVBoxLayout(products);
    productsLayout->setContentsMargins(0, 0, 0, 0);
    productsLayout->addLayout(filters);
    productsLayout->addWidget(m_table, 1);
    productsLayout->addWidget(m_status);

    auto *categories = new QWidget;
    auto *categoriesLayout = new QVBoxLayout(categories);
    categoriesLayout->setContentsMargins(0, 0, 0, 0);
    categoriesLayout->addWidget(new QLabel(tr("<b>Categories</b>")));
    categoriesLayout->addWidget(m_categoryList, 1);
    auto *categoryButtons = new QHBoxLayout;
    categoryButtons->addWidget(m_newCategory);
    categoryButtons->addWidget(m_editCategory);
    categoriesLayout->addLayout(categoryButtons);

    auto *splitter = new QSplitter;
    splitter->addWidget(categories);
    splitter->addWidget(products);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({220, 800});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 6);
    layout->addWidget(splitter);

    connect(m_search, &SearchField::searchChanged, m_model, &ProductTableModel::setSearchText);
    connect(m_activeFilter, &QComboBox::currentIndexChanged, this, &CatalogView::activeFilterChanged);
    connect(m_categoryList, &QListWidget::currentRowChanged, this, &CatalogView::categorySelected);
    connect(m_newProduct, &QPushButton::clicked, this, &CatalogView::newProduct);
    connect(m_editProduct, &QPushButton::clicked, this, &CatalogView::editProduct);
    connect(m_deactivateProduct, &QPushButton::clicked, this, &CatalogView::deactivateProduct);
    connect(m_adjustStock, &QPushButton::clicked, this, &CatalogView::adjustStock);
    connect(m_newCategory, &QPushButton::clicked, this, &CatalogView::newCategory);
    connect(m_import, &QPushButton::clicked, this, &CatalogView::chooseImportFile);
    connect(m_export, &QPushButton::clicked, this, &CatalogView::chooseExportFile);
    connect(m_editCategory, &QPushButton::clicked, this, &CatalogView::editCategory);
    connect(m_categoryList, &QListWidget::itemDoubleClicked, this, [this] {
        if (m_canEdit && selectedCategory())
            editCategory();
    });
    connect(m_categoryList, &QListWidget::currentRowChanged, this, &CatalogView::updateActions);
    // The buttons again on right click, where a manager looks for them.
    m_categoryList->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_categoryList, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        showContextMenu(m_categoryList->viewport()->mapToGlobal(at), {m_newCategory, m_editCategory});
    });
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        showContextMenu(m_table->viewport()->mapToGlobal(at),
                        {m_newProduct, m_editProduct, m_adjustStock, m_deactivateProduct});
    });
    connect(m_table, &QTableView::doubleClicked, this, [this] {
        if (m_canEdit)
            editProduct();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &CatalogView::updateActions);
    connect(m_model, &ProductTableModel::modelReset, this, &CatalogView::updateActions);

    updateActions();
    refresh();
}

void CatalogView::refresh()
{
    loadCategories();
    m_model->reload();
}

void CatalogView::loadCategories()
{
    CatalogService &catalog = m_catalog;
    runInBackground(this, [&catalog] { return catalog.categories(); },
                    [this](const Result<QList<Category>> &categories) {
                        if (!categories) {
                            Q_EMIT statusMessage(tr("Could not load categories: %1").arg(categories.error().detail));
                            return;
                        }
                        showCategories(categories.value());
                    });
}

void CatalogView::showCategories(const QList<Category> &categories)
{
    m_categories = categories;
    QHash<QUuid, QString> names;
    for (const Category &category : categories)
        names.insert(category.id, category.name);
    m_model->setCategoryNames(names);

    const QUuid selected = m_categoryList->currentItem() ? m_categoryList->currentItem()->data(Qt::UserRole).toUuid()
                                                         : QUuid();
    const QSignalBlocker blocker(m_categoryList);
    m_categoryList->clear();
    m_categoryList->addItem(tr("All categories"));
    m_categoryList->setCurrentRow(0);
    for (const Category &category : categories) {
        auto *item = new QListWidgetItem(icons::category(), category.name, m_categoryList);
        item->setData(Qt::UserRole, category.id);
        if (category.id == selected)
            m_categoryList->setCurrentItem(item);
    }
    // A deleted category cannot stay the table's filter.
    if (!selected.isNull() && m_categoryList->currentRow() == 0)
        categorySelected();
    updateActions();
}

void CatalogView::categorySelected()
{
    const QListWidgetItem *item = m_categoryList->currentItem();
    const QUuid id = item ? item->data(Qt::UserRole).toUuid() : QUuid();
    m_model->setCategory(id.isNull() ? std::nullopt : std::optional<QUuid>(id));
}

void CatalogView::activeFilterChanged()
{
    const QVariant isActive = m_activeFilter->currentData();
    m_model->setActiveFilter(isActive.isValid() ? std::optional<bool>(isActive.toBool()) : std::nullopt);
}

void CatalogView::updateActions()
{
    const QString readOnly = tr("Only managers can change the catalog.");
    m_newProduct->setEnabled(m_canEdit);
    const Product *selected = selectedProduct();
    m_editProduct->setEnabled(m_canEdit && selected);
    m_deactivateProduct->setEnabled(m_canEdit && selected && selected->isActive);
    m_newProduct->setToolTip(m_canEdit ? tr("Create a product (%1)").arg(QKeySequence(QKeySequence::New).toString())
                                       : readOnly);
    m_deactivateProduct->setToolTip(m_canEdit ? tr("Stop selling the selected product") : readOnly);
    m_adjustStock->setEnabled(m_canEdit && selected);
    m_adjustStock->setToolTip(m_canEdit ? tr("Add or remove stock of the selected product, with a reason (%1)")
                                              .arg(m_adjustStock->shortcut().toString(QKeySequence::NativeText))
                                        : readOnly);
    m_editProduct->setToolTip(m_canEdit ? tr("Edit the selected product (%1)")
                                              .arg(m_editProduct->shortcut().toString(QKeySequence::NativeText))
                                        : readOnly);
    m_newCategory->setEnabled(m_canEdit);
    m_editCategory->setEnabled(m_canEdit && selectedCategory());
    m_newCategory->setToolTip(m_canEdit ? tr("Create a category") : readOnly);
    m_editCategory->setToolTip(m_canEdit ? tr("Rename, describe or delete the selected category") : readOnly);
    m_import->setEnabled(m_canEdit);
    m_import->setToolTip(m_canEdit ? tr("Create and update products from a CSV file, after a preview") : readOnly);
}

void CatalogView::newProduct()
{
    if (!m_canEdit)
        return;
    ProductDialog dialog(m_catalog, m_categories, std::nullopt, this);
    if (dialog.exec() == QDialog::Accepted && dialog.savedProduct()) {
        Q_EMIT statusMessage(tr("Product %1 created.").arg(dialog.savedProduct()->sku));
        m_model->reload();
    }
}

const Product *CatalogView::selectedProduct() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_model->productAt(rows.first().row());
}

void CatalogView::editProduct()
{
    const Product *product = selectedProduct();
    if (!m_canEdit || !product)
        return;
    ProductDialog dialog(m_catalog, m_categories, *product, this);
    if (dialog.exec() == QDialog::Accepted && dialog.savedProduct()) {
        Q_EMIT statusMessage(tr("Product %1 saved.").arg(dialog.savedProduct()->sku));
        m_model->reload();
    }
}

void CatalogView::deactivateProduct()
{
    const Product *product = selectedProduct();
    if (!m_canEdit || !product || !product->isActive)
        return;
    const QString sku = product->sku;
    const auto answer = QMessageBox::question(
        this, tr("Deactivate product"),
        tr("Deactivate %1? It stays in past orders but is no longer listed or sold.").arg(sku));
    if (answer != QMessageBox::Yes)
        return;
    m_deactivateProduct->setEnabled(false);
    CatalogService &catalog = m_catalog;
    const QUuid id = product->id;
    runInBackground(this, [&catalog, id] { return catalog.deactivateProduct(id); },
                    [this, sku](const Result<Done> &done) {
                        Q_EMIT statusMessage(done ? tr("Product %1 deactivated.").arg(sku)
                                                  : tr("Could not deactivate %1: %2").arg(sku, done.error().detail));
                        m_model->reload();
                    });
}

void CatalogView::adjustStock()
{
    const Product *product = selectedProduct();
    if (!m_canEdit || !product)
        return;
    StockAdjustmentDialog dialog(m_catalog, *product, m_userName, this);
    if (dialog.exec() == QDialog::Accepted && dialog.savedProduct()) {
        Q_EMIT statusMessage(tr("Stock of %1 is now %2.")
                                 .arg(dialog.savedProduct()->sku)
                                 .arg(dialog.savedProduct()->inventoryQuantity));
        m_model->reload();
    }
}

const Category *CatalogView::selectedCategory() const
{
    const QListWidgetItem *item = m_categoryList->currentItem();
    const QUuid id = item ? item->data(Qt::UserRole).toUuid() : QUuid();
    if (id.isNull())
        return nullptr;
    const auto found = std::find_if(m_categories.cbegin(), m_categories.cend(),
                                    [&id](const Category &category) { return category.id == id; });
    return found == m_categories.cend() ? nullptr : &*found;
}

void CatalogView::newCategory()
{
    if (!m_canEdit)
        return;
    CategoryDialog dialog(m_catalog, std::nullopt, this);
    if (dialog.exec() == QDialog::Accepted && dialog.savedCategory()) {
        Q_EMIT statusMessage(tr("Category %1 created.").arg(dialog.savedCategory()->name));
        loadCategories();
    }
}

void CatalogView::editCategory()
{
    const Category *category = selectedCategory();
    if (!m_canEdit || !category)
        return;
    const QString name = category->name;
    CategoryDialog dialog(m_catalog, *category, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    Q_EMIT statusMessage(dialog.wasDeleted() ? tr("Category %1 deleted.").arg(name)
                                             : tr("Category %1 saved.").arg(dialog.savedCategory()->name));
    loadCategories();
    m_model->reload(); // category names in the table
}

void CatalogView::chooseImportFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import products"), QString(),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        importFile(path);
}

CatalogImportDialog *CatalogView::importFile(const QString &path)
{
    if (!m_canEdit)
        return nullptr;
    auto *dialog = new CatalogImportDialog(m_transfer, path, m_userName, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CatalogImportDialog::imported, this, [this](const QString &summary) {
        Q_EMIT statusMessage(summary);
        refresh();
    });
    dialog->open();
    return dialog;
}

void CatalogView::chooseExportFile()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Export products"), QStringLiteral("products.csv"),
                                                tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        exportTo(path);
}

void CatalogView::exportTo(const QString &path)
{
    m_export->setEnabled(false);
    CatalogTransfer &transfer = m_transfer;
    runInBackground(
        this,
        [&transfer, path, filters = m_model->query()]() -> Result<qint64> {
            // Written beside and renamed on success: a failed export leaves no half file.
            QSaveFile out(path);
            if (!out.open(QIODevice::WriteOnly))
                return ServiceError::unprocessable(out.errorString());
            const Result<qint64> written = transfer.exportCsv(filters, out);
            if (written && !out.commit())
                return ServiceError::unprocessable(out.errorString());
            return written;
        },
        [this, path](const Result<qint64> &written) {
            m_export->setEnabled(true);
            Q_EMIT statusMessage(written ? tr("%n product(s) exported to %1", nullptr, static_cast<int>(written.value()))
                                               .arg(QDir::toNativeSeparators(path))
                                         : tr("Could not export to %1: %2")
                                               .arg(QDir::toNativeSeparators(path), written.error().detail));
        });
}

} // namespace shop
