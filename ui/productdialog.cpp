#include "productdialog.h"

#include "backgroundtask.h"
#include "catalog/catalogservice.h"
#include "catalog/catalogvalidation.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace shop {

namespace {

const QString kErrorStyle = QStringLiteral("color: #b00020;");

// The field and its error label, one under the other, as one form row.
QWidget *withErrorLabel(QWidget *field, QLabel *error)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(error);
    return box;
}

} // namespace

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
    , m_category(new QComboBox)
    , m_isActive(new QCheckBox(tr("Active (listed and sellable)")))
    , m_formError(new QLabel(this))
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
    m_category->setObjectName(QStringLiteral("categoryId"));
    for (const Category &category : categories)
        m_category->addItem(category.name, category.id);
    m_isActive->setObjectName(QStringLiteral("isActive"));
    m_isActive->setChecked(true);

    auto *form = new QFormLayout;
    form->setVerticalSpacing(6);
    form->addRow(tr("&SKU:"), withErrorLabel(m_sku, addErrorLabel(QStringLiteral("sku"))));
    form->addRow(tr("&Name:"), withErrorLabel(m_name, addErrorLabel(QStringLiteral("name"))));
    form->addRow(tr("&Description:"), withErrorLabel(m_description, addErrorLabel(QStringLiteral("description"))));
    form->addRow(tr("&Price:"), withErrorLabel(m_price, addErrorLabel(QStringLiteral("price"))));
    form->addRow(tr("S&tock:"), withErrorLabel(m_stock, addErrorLabel(QStringLiteral("inventoryQuantity"))));
    form->addRow(tr("&Category:"), withErrorLabel(m_category, addErrorLabel(QStringLiteral("categoryId"))));
    form->addRow(QString(), m_isActive);

    m_formError->setObjectName(QStringLiteral("formError"));
    m_formError->setStyleSheet(kErrorStyle);
    m_formError->setWordWrap(true);
    m_formError->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("save"));
    connect(m_save, &QPushButton::clicked, this, &ProductDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 12);
    layout->addLayout(form);
    layout->addWidget(m_formError);
    layout->addWidget(buttons);
    setMinimumWidth(460);

    if (existing)
        fill(*existing);
}

QLabel *ProductDialog::addErrorLabel(const QString &field)
{
    auto *label = new QLabel;
    label->setObjectName(field + QStringLiteral("Error"));
    label->setStyleSheet(kErrorStyle);
    label->setWordWrap(true);
    label->hide();
    m_errorLabels.insert(field, label);
    return label;
}

void ProductDialog::fill(const Product &product)
{
    m_sku->setText(product.sku);
    m_name->setText(product.name);
    m_description->setPlainText(product.description.value_or(QString()));
    m_price->setText(product.price.toDecimalString());
    m_stock->setValue(static_cast<int>(product.inventoryQuantity));
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
    return patch;
}

void ProductDialog::save()
{
    clearErrors();
    const ProductDraft draft = draftFromFields();
    QList<FieldError> errors = m_existing ? catalog::validateProductPatch(patchFromFields(draft))
                                          : catalog::validateProduct(draft);
    QString priceError;
    if (!Money::fromDecimalString(m_price->text().trimmed(), &priceError))
        errors = mergeFieldErrors({{QStringLiteral("price"), priceError}}, errors);
    if (!errors.isEmpty()) {
        showFieldErrors(errors);
        return;
    }

    setBusy(true);
    CatalogService &catalog = m_catalog;
    if (m_existing) {
        const QUuid id = m_existing->id;
        const ProductPatch patch = patchFromFields(draft);
        runInBackground(this, [&catalog, id, patch] { return catalog.updateProduct(id, patch); },
                        [this](const Result<Product> &result) { saved(result); });
    } else {
        runInBackground(this, [&catalog, draft] { return catalog.createProduct(draft); },
                        [this](const Result<Product> &result) { saved(result); });
    }
}

void ProductDialog::saved(const Result<Product> &result)
{
    setBusy(false);
    if (result) {
        m_saved = result.value();
        accept();
        return;
    }
    const ServiceError &error = result.error();
    if (CatalogService::isVersionConflict(error)) {
        askToReload();
    } else if (error.kind == ServiceError::Kind::Validation) {
        showFieldErrors(error.fields);
    } else if (error.kind == ServiceError::Kind::Conflict) {
        showFieldErrors({{QStringLiteral("sku"), error.detail}}); // the only other conflict: a taken SKU
    } else if (error.kind == ServiceError::Kind::NotFound && !m_existing) {
        showFieldErrors({{QStringLiteral("categoryId"), error.detail}});
    } else {
        m_formError->setText(tr("Could not save: %1").arg(error.detail));
        m_formError->show();
    }
}

void ProductDialog::askToReload()
{
    const auto answer = QMessageBox::question(this, tr("Product changed"),
                                              tr("This product was changed by someone else. Reload?"),
                                              QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes)
        return;
    setBusy(true);
    CatalogService &catalog = m_catalog;
    const QUuid id = m_existing->id;
    runInBackground(this, [&catalog, id] { return catalog.product(id); }, [this](const Result<Product> &current) {
        setBusy(false);
        if (!current) {
            m_formError->setText(tr("Could not reload: %1").arg(current.error().detail));
            m_formError->show();
            return;
        }
        m_existing = current.value();
        fill(*m_existing);
    });
}

void ProductDialog::showFieldErrors(const QList<FieldError> &errors)
{
    QStringList unplaced;
    for (const FieldError &error : errors) {
        if (QLabel *label = m_errorLabels.value(error.field)) {
            // Each field says all its broken rules, one per line.
            label->setText(label->text().isEmpty() ? error.message : label->text() + u'\n' + error.message);
            label->show();
        } else {
            unplaced.append(QStringLiteral("%1: %2").arg(error.field, error.message));
        }
    }
    if (!unplaced.isEmpty()) {
        m_formError->setText(unplaced.join(u'\n'));
        m_formError->show();
    }
}

void ProductDialog::clearErrors()
{
    for (QLabel *label : std::as_const(m_errorLabels)) {
        label->clear();
        label->hide();
    }
    m_formError->clear();
    m_formError->hide();
}

void ProductDialog::setBusy(bool isBusy)
{
    m_save->setEnabled(!isBusy);
    m_save->setText(isBusy ? tr("Saving…") : tr("Save"));
    setCursor(isBusy ? Qt::BusyCursor : Qt::ArrowCursor);
}

} // namespace shop
