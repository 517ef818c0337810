#include "categorydialog.h"

#include "ui/common/appicons.h"
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
    , m_saveFlow(*this, m_errors)
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
    QPushButton *saveButton = buttons->button(QDialogButtonBox::Save);
    saveButton->setObjectName(QStringLiteral("save"));
    connect(saveButton, &QPushButton::clicked, this, &CategoryDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_saveFlow.disableWhileBusy(saveButton);
    m_saveFlow.placeRefusals([](const ServiceError &error) {
        // The only conflict: a taken name.
        return error.kind == ServiceError::Kind::Conflict ? QStringLiteral("name") : QString();
    });
    if (existing) {
        QPushButton *deleteButton = buttons->addButton(tr("&Delete category…"), QDialogButtonBox::DestructiveRole);
        deleteButton->setObjectName(QStringLiteral("delete"));
        deleteButton->setIcon(icons::remove());
        connect(deleteButton, &QPushButton::clicked, this, &CategoryDialog::remove);
        m_saveFlow.disableWhileBusy(deleteButton);
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
    CatalogService &catalog = m_catalog;
    const auto keep = [this](const Category &saved) { m_saved = saved; };
    if (m_existing) {
        const QUuid id = m_existing->id;
        m_saveFlow.save([&catalog, id, draft] { return catalog.updateCategory(id, draft); }, keep);
    } else {
        m_saveFlow.save([&catalog, draft] { return catalog.createCategory(draft); }, keep);
    }
}

void CategoryDialog::remove()
{
    m_errors.clear();
    const auto answer = QMessageBox::question(this, tr("Delete category"),
                                              tr("Delete the category %1?").arg(m_existing->name));
    if (answer != QMessageBox::Yes)
        return;
    CatalogService &catalog = m_catalog;
    const QUuid id = m_existing->id;
    // Its one refusal, the category still has products, concerns no field.
    m_saveFlow.run([&catalog, id] { return catalog.deleteCategory(id); },
                   [this](const Done &) {
                       m_wasDeleted = true;
                       accept();
                   },
                   tr("Could not delete: %1"));
}

} // namespace shop
