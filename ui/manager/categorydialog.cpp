#include "categorydialog.h"

#include "ui/common/appicons.h"
#include "ui/common/backgroundtask.h"
#include "catalog/catalogservice.h"
#include "catalog/catalogvalidation.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace shop {

CategoryDialog::CategoryDialog(CatalogService &catalog, const std::optional<Category> &existing, QWidget *parent)
    : QDialog(parent)
    , m_catalog(catalog)
    , m_existing(existing)
    , m_name(new QLineEdit)
    , m_description(new QPlainTextEdit)
    , m_errors(new QLabel(this))
{
    setWindowTitle(existing ? tr("Edit category %1").arg(existing->name) : tr("New category"));
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setMaxLength(catalog::kCategoryNameMax + 10); // longer input still reaches the rule's message
    m_description->setObjectName(QStringLiteral("description"));
    m_description->setTabChangesFocus(true);
    m_description->setMaximumHeight(90);

    auto *form = new QFormLayout;
    form->setVerticalSpacing(6);
    form->addRow(tr("&Name:"), FieldErrorLabels::stacked(m_name, m_errors.add(QStringLiteral("name"))));
    form->addRow(tr("&Description:"),
                 FieldErrorLabels::stacked(m_description, m_errors.add(QStringLiteral("description"))));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("save"));
    connect(m_save, &QPushButton::clicked, this, &CategoryDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (existing) {
        m_delete = buttons->addButton(tr("&Delete category…"), QDialogButtonBox::DestructiveRole);
        m_delete->setObjectName(QStringLiteral("delete"));
        m_delete->setIcon(icons::remove());
        connect(m_delete, &QPushButton::clicked, this, &CategoryDialog::remove);
        m_name->setText(existing->name);
        m_description->setPlainText(existing->description.value_or(QString()));
    }

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 12);
    layout->addLayout(form);
    layout->addWidget(m_errors.formError());
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

CategoryDraft CategoryDialog::draftFromFields() const
{
    CategoryDraft draft;
    draft.name = m_name->text().trimmed();
    const QString description = m_description->toPlainText().trimmed();
    if (!description.isEmpty())
        draft.description = description;
    return draft;
}

void CategoryDialog::save()
{
    m_errors.clear();
    const CategoryDraft draft = draftFromFields();
    if (const QList<FieldError> errors = catalog::validateCategory(draft); !errors.isEmpty()) {
        m_errors.show(errors);
        return;
    }
    setBusy(true);
    CatalogService &catalog = m_catalog;
    if (m_existing) {
        const QUuid id = m_existing->id;
        runInBackground(this, [&catalog, id, draft] { return catalog.updateCategory(id, draft); },
                        [this](const Result<Category> &result) { saved(result); });
    } else {
        runInBackground(this, [&catalog, draft] { return catalog.createCategory(draft); },
                        [this](const Result<Category> &result) { saved(result); });
    }
}

void CategoryDialog::saved(const Result<Category> &result)
{
    setBusy(false);
    if (result) {
        m_saved = result.value();
        accept();
        return;
    }
    const ServiceError &error = result.error();
    if (error.kind == ServiceError::Kind::Validation)
        m_errors.show(error.fields);
    else if (error.kind == ServiceError::Kind::Conflict)
        m_errors.show({{QStringLiteral("name"), error.detail}}); // the only conflict: a taken name
    else
        m_errors.showFormError(tr("Could not save: %1").arg(error.detail));
}

void CategoryDialog::remove()
{
    m_errors.clear();
    const auto answer = QMessageBox::question(this, tr("Delete category"),
                                              tr("Delete the category %1?").arg(m_existing->name));
    if (answer != QMessageBox::Yes)
        return;
    setBusy(true);
    CatalogService &catalog = m_catalog;
    const QUuid id = m_existing->id;
    runInBackground(this, [&catalog, id] { return catalog.deleteCategory(id); }, [this](const Result<Done> &done) {
        setBusy(false);
        if (!done) {
            m_errors.showFormError(tr("Could not delete: %1").arg(done.error().detail));
            return;
        }
        m_wasDeleted = true;
        accept();
    });
}

void CategoryDialog::setBusy(bool isBusy)
{
    m_save->setEnabled(!isBusy);
    if (m_delete)
        m_delete->setEnabled(!isBusy);
    setCursor(isBusy ? Qt::BusyCursor : Qt::ArrowCursor);
}

} // namespace shop
