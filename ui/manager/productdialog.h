#pragma once

#include "catalog/catalogtypes.h"
#include "core/errors.h"
#include "ui/common/dialogsaveflow.h"
#include "ui/common/fielderrors.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace shop {

class CatalogService;

// Creates a product, or edits one. Checks the fields with the API's own rules
// (catalogvalidation) and shows each message under its field; saves through
// CatalogService off the GUI thread. An edit sends only the fields that
// changed, with the version it started from, so a change made elsewhere in
// the meantime is reported instead of overwritten. Stock is set only when
// creating: later changes go through the stock adjustment, which records why.
class ProductDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProductDialog)

public:
    // existing: the product to edit; nullopt to create one.
    ProductDialog(CatalogService &catalog, const QList<Category> &categories, const std::optional<Product> &existing,
                  QWidget *parent = nullptr);

    // The product as saved, once the dialog was accepted.
    const std::optional<Product> &savedProduct() const { return m_saved; }

private:
    void save();
    QString refusedField(const ServiceError &error) const;
    void reload();
    void fill(const Product &product);
    ProductDraft draftFromFields() const;
    ProductPatch patchFromFields(const ProductDraft &draft) const;

    CatalogService &m_catalog;
    std::optional<Product> m_existing;
    std::optional<Product> m_saved;
    QLineEdit *m_sku = nullptr;
    QLineEdit *m_name = nullptr;
    QPlainTextEdit *m_description = nullptr;
    QLineEdit *m_price = nullptr;
    QSpinBox *m_stock = nullptr;
    QSpinBox *m_reorderLevel = nullptr; // its minimum, shown as the default, means "none of its own"
    QComboBox *m_category = nullptr;
    QCheckBox *m_isActive = nullptr;
    FieldErrorLabels m_errors;
    DialogSaveFlow m_saveFlow;
};

} // namespace shop
