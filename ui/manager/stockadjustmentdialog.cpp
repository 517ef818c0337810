#include "stockadjustmentdialog.h"

#include "catalog/catalogservice.h"
#include "catalog/catalogvalidation.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
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
    , m_saveFlow(*this, m_errors)
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
    QPushButton *saveButton = buttons->button(QDialogButtonBox::Save);
    saveButton->setObjectName(QStringLiteral("save"));
    connect(saveButton, &QPushButton::clicked, this, &StockAdjustmentDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_saveFlow.disableWhileBusy(saveButton, tr("Saving…"));
    m_saveFlow.setFailureText(tr("Could not adjust the stock: %1"));
    m_saveFlow.offerReload(&CatalogService::isVersionConflict, tr("Product changed"),
                           tr("This product was changed by someone else. Reload?"), [this] { reload(); });
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
    CatalogService &catalog = m_catalog;
    const QUuid id = m_product.id;
    m_saveFlow.save([&catalog, id, adjustment] { return catalog.adjustStock(id, adjustment); },
                    [this](const Product &saved) { m_saved = saved; });
}

void StockAdjustmentDialog::reload()
{
    CatalogService &catalog = m_catalog;
    const QUuid id = m_product.id;
    m_saveFlow.run([&catalog, id] { return catalog.product(id); },
                   [this](const Product &current) { showProduct(current); }, tr("Could not reload: %1"));
}

} // namespace shop
