#include "stockadjustmentdialog.h"

#include "ui/common/backgroundtask.h"
#include "catalog/catalogservice.h"
#include "catalog/catalogvalidation.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace shop {

StockAdjustmentDialog::StockAdjustmentDialog(CatalogService &catalog, const Product &product,
                                             const QString &userName, QWidget *parent)
    : QDialog(parent)
    , m_catalog(catalog)
    , m_product(product)
    , m_userName(userName)
    , m_current(new QLabel)
    , m_changeBy(new QRadioButton(tr("Change &by:")))
    , m_setTo(new QRadioButton(tr("Set &to:")))
    , m_delta(new QSpinBox)
    , m_newQuantity(new QSpinBox)
    , m_reason(new QLineEdit)
    , m_errors(new QLabel(this))
{
    setWindowTitle(tr("Adjust stock of %1").arg(product.sku));
    m_current->setObjectName(QStringLiteral("currentStock"));
    m_changeBy->setObjectName(QStringLiteral("changeBy"));
    m_setTo->setObjectName(QStringLiteral("setTo"));
    m_changeBy->setChecked(true);
    m_delta->setObjectName(QStringLiteral("delta"));
    // Spin boxes hold an int; the service checks the result against the column.
    m_delta->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
    m_delta->setToolTip(tr("Negative to remove stock, e.g. -2 for two damaged items"));
    m_newQuantity->setObjectName(QStringLiteral("newQuantity"));
    m_newQuantity->setRange(0, std::numeric_limits<int>::max());
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setPlaceholderText(tr("e.g. stock count, damaged in storage, delivery"));
    m_reason->setMaxLength(catalog::kAdjustmentReasonMax + 10); // longer input still reaches the rule's message

    auto *form = new QFormLayout;
    form->setVerticalSpacing(6);
    auto *productLabel = new QLabel(QStringLiteral("%1 — %2").arg(product.sku, product.name));
    productLabel->setTextFormat(Qt::PlainText);
    form->addRow(tr("Product:"), productLabel);
    form->addRow(tr("In stock now:"), m_current);
    form->addRow(m_changeBy, FieldErrorLabels::stacked(m_delta, m_errors.add(QStringLiteral("delta"))));
    form->addRow(m_setTo, FieldErrorLabels::stacked(m_newQuantity, m_errors.add(QStringLiteral("newQuantity"))));
    form->addRow(tr("&Reason:"), FieldErrorLabels::stacked(m_reason, m_errors.add(QStringLiteral("reason"))));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("save"));
    connect(m_save, &QPushButton::clicked, this, &StockAdjustmentDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_changeBy, &QRadioButton::toggled, this, &StockAdjustmentDialog::updateModes);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 12);
    layout->addLayout(form);
    layout->addWidget(m_errors.formError());
    layout->addWidget(buttons);
    setMinimumWidth(440);

    showProduct(product);
    updateModes();
}

void StockAdjustmentDialog::showProduct(const Product &product)
{
    m_product = product;
    m_current->setText(QString::number(product.inventoryQuantity));
    m_newQuantity->setValue(static_cast<int>(product.inventoryQuantity));
}

void StockAdjustmentDialog::updateModes()
{
    m_delta->setEnabled(m_changeBy->isChecked());
    m_newQuantity->setEnabled(m_setTo->isChecked());
}

StockAdjustment StockAdjustmentDialog::adjustmentFromFields() const
{
    StockAdjustment adjustment;
    if (m_changeBy->isChecked())
        adjustment.delta = m_delta->value();
    else
        adjustment.newQuantity = m_newQuantity->value();
    adjustment.reason = m_reason->text().trimmed();
    adjustment.adjustedBy = m_userName;
    adjustment.expectedVersion = m_product.version;
    return adjustment;
}

void StockAdjustmentDialog::save()
{
    m_errors.clear();
    const StockAdjustment adjustment = adjustmentFromFields();
    QList<FieldError> errors = catalog::validateStockAdjustment(adjustment);
    if (errors.isEmpty())
        errors = catalog::validateQuantityAfter(catalog::quantityAfter(m_product.inventoryQuantity, adjustment),
                                                adjustment);
    if (!errors.isEmpty()) {
        m_errors.show(errors);
        return;
    }
    setBusy(true);
    CatalogService &catalog = m_catalog;
    const QUuid id = m_product.id;
    runInBackground(this, [&catalog, id, adjustment] { return catalog.adjustStock(id, adjustment); },
                    [this](const Result<Product> &result) { saved(result); });
}

void StockAdjustmentDialog::saved(const Result<Product> &result)
{
    setBusy(false);
    if (result) {
        m_saved = result.value();
        accept();
        return;
    }
    const ServiceError &error = result.error();
    if (CatalogService::isVersionConflict(error))
        askToReload();
    else if (error.kind == ServiceError::Kind::Validation)
        m_errors.show(error.fields);
    else
        m_errors.showFormError(tr("Could not adjust the stock: %1").arg(error.detail));
}

void StockAdjustmentDialog::askToReload()
{
    const auto answer = QMessageBox::question(this, tr("Product changed"),
                                              tr("This product was changed by someone else. Reload?"),
                                              QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes)
        return;
    setBusy(true);
    CatalogService &catalog = m_catalog;
    const QUuid id = m_product.id;
    runInBackground(this, [&catalog, id] { return catalog.product(id); }, [this](const Result<Product> &current) {
        setBusy(false);
        if (!current) {
            m_errors.showFormError(tr("Could not reload: %1").arg(current.error().detail));
            return;
        }
        showProduct(current.value());
    });
}

void StockAdjustmentDialog::setBusy(bool isBusy)
{
    m_save->setEnabled(!isBusy);
    m_save->setText(isBusy ? tr("Saving…") : tr("Save"));
    setCursor(isBusy ? Qt::BusyCursor : Qt::ArrowCursor);
}

} // namespace shop
