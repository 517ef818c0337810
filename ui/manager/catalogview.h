#pragma once

#include "catalog/catalogtypes.h"

#include <QWidget>

class QComboBox;
class QListWidget;
class QPushButton;
class QTableView;

namespace shop {

class CatalogImportDialog;
class CatalogService;
class CatalogTransfer;
class PagedTableStatus;
class ProductTableModel;
class SearchField;

// The catalog screen: categories beside the product table, with search,
// an active-state filter and, for managers, create, edit and deactivate.
class CatalogView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogView)

public:
    // canEdit: only managers change the catalog; others only look.
    // userName: who is logged in, recorded with stock adjustments.
    CatalogView(CatalogService &catalog, CatalogTransfer &transfer, bool canEdit, const QString &userName,
                QWidget *parent = nullptr);

    // Reloads categories and products from the database.
    void refresh();
    ProductTableModel *productModel() const { return m_model; }
    QTableView *productTable() const { return m_table; }
    // Import... and Export... after their file dialogs: the import's preview
    // dialog (managers only), and the products the filters show written to
    // path as CSV off the GUI thread (statusMessage says how it went).
    // The dialog is window-modal and deletes itself when closed.
    CatalogImportDialog *importFile(const QString &path);
    void exportTo(const QString &path);

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    void loadCategories();
    void showCategories(const QList<Category> &categories);
    void categorySelected();
    void activeFilterChanged();
    void updateActions();
    void newProduct();
    void editProduct();
    void deactivateProduct();
    void adjustStock();
    void chooseImportFile();
    void chooseExportFile();
    void newCategory();
    void editCategory();
    const Category *selectedCategory() const;
    const Product *selectedProduct() const;

    CatalogService &m_catalog;
    CatalogTransfer &m_transfer;
    bool m_canEdit = false;
    QString m_userName;
    QList<Category> m_categories;
    ProductTableModel *m_model = nullptr;
    QListWidget *m_categoryList = nullptr;
    SearchField *m_search = nullptr;
    QComboBox *m_activeFilter = nullptr;
    QPushButton *m_newProduct = nullptr;
    QPushButton *m_editProduct = nullptr;
    QPushButton *m_deactivateProduct = nullptr;
    QPushButton *m_adjustStock = nullptr;
    QPushButton *m_newCategory = nullptr;
    QPushButton *m_editCategory = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_export = nullptr;
    QTableView *m_table = nullptr;
    PagedTableStatus *m_status = nullptr;
};

} // namespace shop
