#pragma once

#include "catalog/catalogtypes.h"
#include "core/errors.h"
#include "ui/common/dialogsaveflow.h"
#include "ui/common/fielderrors.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace shop {

class CatalogService;

// Adjusts one product's stock by a signed change or to a new quantity, with
// a required reason that is recorded beside the change. Sent with the version
// the manager looked at, so a sale or edit in the meantime is reported
// ("changed by someone else, reload?") instead of silently undone.
class StockAdjustmentDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StockAdjustmentDialog)

public:
    StockAdjustmentDialog(CatalogService &catalog, const Product &product, const QString &userName,
                          QWidget *parent = nullptr);

    // The product as saved, once the dialog was accepted.
    const std::optional<Product> &savedProduct() const { return m_saved; }

private:
    void save();
    void reload();
    void showProduct(const Product &product);
    void updateModes();
    StockAdjustment adjustmentFromFields() const;

    CatalogService &m_catalog;
    Product m_product;
    QString m_userName;
    std::optional<Product> m_saved;
    QLabel *m_current = nullptr;
    QRadioButton *m_changeBy = nullptr;
    QRadioButton *m_setTo = nullptr;
    QSpinBox *m_delta = nullptr;
    QSpinBox *m_newQuantity = nullptr;
    QLineEdit *m_reason = nullptr;
    FieldErrorLabels m_errors;
    DialogSaveFlow m_saveFlow;
};

} // namespace shop
