#include "productdialog.h"

#include "catalog/catalogservice.h"
#include "catalog/catalogvalidation.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace shop {

ProductDialog::ProductDialog(CatalogService &catalog, const QList<Category> &categories,
                             const std::optional<Product> &existing, QWidget *parent)
    : QDialog(parent)
    , m_catalog(catalog)
    , m_existing(existing)
    , m_sku(new QLineEdit)
    , m_name(new QLineEdit)
    , m_description(new QPlainTextEdit)
    , m_price(new QLineEdit)
    , m_stock(new QSpinBox)
    , m_reorderLevel(new QSpinBox)
    , m_category(new QComboBox)
    , m_isActive(new QCheckBox(tr("Active (listed and sellable)")))
    , m_errors(new QLabel(this))
    , m_saveFlow(*this, m_errors)
{
    setWindowTitle(existing ? tr("Edit product %1").arg(existing->sku) : tr("New product"));
    m_sku->setObjectName(QStringLiteral("sku"));
    m_sku->setPlaceholderText(tr("e.g. TSHIRT-RED-M"));
    m_sku->setMaxLength(catalog::kSkuMax + 10); // longer input still reaches the rule's message
    m_name->setObjectName(QStringLiteral("name"));
    m_description->setObjectName(QStringLiteral("description"));
    m_description->setTabChangesFocus(true);
    m_description->setMaximumHeight(90);
    m_price->setObjectName(QStringLiteral("price"));
    m_price->setPlaceholderText(tr("e.g. 19.99"));
    m_stock->setObjectName(QStringLiteral("inventoryQuantity"));
    m_stock->setRange(0, std::numeric_limits<int>::max());
    m_reorderLevel->setObjectName(QStringLiteral("reorderLevel"));
    m_reorderLevel->setRange(-1, static_cast<int>(catalog::kMaxReorderLevel));
    m_reorderLevel->setSpecialValueText(tr("shop default (%1)").arg(catalog.defaultReorderLevel()));
    m_reorderLevel->setValue(-1);
    m_reorderLevel->setToolTip(tr("A sale or stock change taking the stock to or below this level alerts the "
                                  "manager once; 0 alerts when the last unit is sold."));
    m_category->setObjectName(QStringLiteral("categoryId"));
    for (const Category &category : categories)
        m_category->addItem(category.name, category.id);
    m_isActive->setObjectName(QStringLiteral("isActive"));
    m_isActive->setChecked(true);

    auto *form = new QFormLayout;
    form->setVerticalSpacing(6);
    form->addRow(tr("&SKU:"), FieldErrorLabels::stacked(m_sku, m_errors.add(QStringLiteral("sku"))));
    form->addRow(tr("&Name:"), FieldErrorLabels::stacked(m_name, m_errors.add(QStringLiteral("name"))));
    form->addRow(tr("&Description:"), FieldErrorLabels::stacked(m_description, m_errors.add(QStringLiteral("description"))));
    form->addRow(tr("&Price:"), FieldErrorLabels::stacked(m_price, m_errors.add(QStringLiteral("price"))));
    form->addRow(tr("S&tock:"), FieldErrorLabels::stacked(m_stock, m_errors.add(QStringLiteral("inventoryQuantity"))));
    form->addRow(tr("&Reorder level:"),
                 FieldErrorLabels::stacked(m_reorderLevel, m_errors.add(QStringLiteral("reorderLevel"))));
    form->addRow(tr("&Category:"), FieldErrorLabels::stacked(m_category, m_errors.add(QStringLiteral("categoryId"))));
    form->addRow(QString(), m_isActive);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    QPushButton *saveButton = buttons->button(QDialogButtonBox::Save);
    saveButton->setObjectName(QStringLiteral("save"));
    connect(saveButton, &QPushButton::clicked, this, &ProductDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_saveFlow.disableWhileBusy(saveButton, tr("Saving…"));
    m_saveFlow.placeRefusals([this](const ServiceError &error) { return refusedField(error); });
    m_saveFlow.offerReload(&CatalogService::isVersionConflict, tr("Product changed"),
                           tr("This product was changed by someone else. Reload?"), [this] { reload(); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 12);
    layout->addLayout(form);
    layout->addWidget(m_errors.formError());
    layout->addWidget(buttons);
    setMinimumWidth(460);

    if (existing) {
        fill(*existing);
        m_stock->setEnabled(false);
        m_stock->setToolTip(tr("Use Adjust stock… in the product list to change the stock with a reason."));
    }
}

void ProductDialog::fill(const Product &product)
{
    m_sku->setText(product.sku);
    m_name->setText(product.name);
    m_description->setPlainText(product.description.value_or(QString()));
    m_price->setText(product.price.toDecimalString());
    m_stock->setValue(static_cast<int>(product.inventoryQuantity));
    m_reorderLevel->setValue(product.reorderLevel ? static_cast<int>(*product.reorderLevel) : m_reorderLevel->minimum());
    m_category->setCurrentIndex(m_category->findData(product.categoryId));
    m_isActive->setChecked(product.isActive);
}

ProductDraft ProductDialog::draftFromFields() const
{
    ProductDraft draft;
    draft.sku = m_sku->text().trimmed();
    draft.name = m_name->text().trimmed();
    const QString description = m_description->toPlainText().trimmed();
    if (!description.isEmpty())
        draft.description = description;
    draft.price = Money::fromDecimalString(m_price->text().trimmed()).value_or(Money());
    draft.inventoryQuantity = m_stock->value();
    draft.categoryId = m_category->currentData().toUuid();
    draft.isActive = m_isActive->isChecked();
    if (m_reorderLevel->value() != m_reorderLevel->minimum())
        draft.reorderLevel = m_reorderLevel->value();
    return draft;
}

ProductPatch ProductDialog::patchFromFields(const ProductDraft &draft) const
{
    // Only what the manager changed: stock in particular moves with every
    // sale, and writing back the number shown would undo those sales.
    ProductPatch patch;
    const Product &before = *m_existing;
    patch.expectedVersion = before.version;
    if (draft.sku != before.sku)
        patch.sku = draft.sku;
    if (draft.name != before.name)
        patch.name = draft.name;
    if (draft.description.value_or(QString()) != before.description.value_or(QString()))
        patch.description = draft.description.value_or(QString());
    if (draft.price != before.price)
        patch.price = draft.price;
    if (draft.inventoryQuantity != before.inventoryQuantity)
        patch.inventoryQuantity = draft.inventoryQuantity;
    if (draft.categoryId != before.categoryId)
        patch.categoryId = draft.categoryId;
    if (draft.isActive != before.isActive)
        patch.isActive = draft.isActive;
    if (draft.reorderLevel != before.reorderLevel)
        patch.reorderLevel = draft.reorderLevel;
    return patch;
}

void ProductDialog::save()
{
    m_errors.clear();
    const ProductDraft draft = draftFromFields();
    QList<FieldError> errors = m_existing ? catalog::validateProductPatch(patchFromFields(draft))
                                          : catalog::validateProduct(draft);
    QString priceError;
    if (!Money::fromDecimalString(m_price->text().trimmed(), &priceError))
        errors = mergeFieldErrors({{QStringLiteral("price"), priceError}}, errors);
    if (!errors.isEmpty()) {
        m_errors.show(errors);
        return;
    }

    CatalogService &catalog = m_catalog;
    const auto keep = [this](const Product &saved) { m_saved = saved; };
    if (m_existing) {
        const QUuid id = m_existing->id;
        const ProductPatch patch = patchFromFields(draft);
        m_saveFlow.save([&catalog, id, patch] { return catalog.updateProduct(id, patch); }, keep);
    } else {
        m_saveFlow.save([&catalog, draft] { return catalog.createProduct(draft); }, keep);
    }
}

QString ProductDialog::refusedField(const ServiceError &error) const
{
    if (error.kind == ServiceError::Kind::Conflict)
        return QStringLiteral("sku"); // the only conflict besides the version: a taken SKU
    if (error.kind == ServiceError::Kind::NotFound && !m_existing)
        return QStringLiteral("categoryId");
    return QString();
}

void ProductDialog::reload()
{
    CatalogService &catalog = m_catalog;
    const QUuid id = m_existing->id;
    m_saveFlow.run([&catalog, id] { return catalog.product(id); },
                   [this](const Product &current) {
                       m_existing = current;
                       fill(current);
                   },
                   tr("Could not reload: %1"));
}

} // namespace shop
