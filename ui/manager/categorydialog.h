#pragma once

#include "catalog/catalogtypes.h"
#include "core/errors.h"
#include "ui/common/dialogsaveflow.h"
#include "ui/common/fielderrors.h"

#include <QDialog>

#include <optional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace shop {

class CatalogService;

// Creates a category, or renames, describes or deletes one. The API's rules
// (catalogvalidation) show under each field; a taken name shows under the
// name; a delete the database refuses (the category still has products)
// shows its reason and leaves the dialog open. Service calls run off the
// GUI thread.
class CategoryDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CategoryDialog)

public:
    // existing: the category to edit; nullopt to create one.
    CategoryDialog(CatalogService &catalog, const std::optional<Category> &existing, QWidget *parent = nullptr);

    // After acceptance: the category as saved, or nothing when it was deleted.
    const std::optional<Category> &savedCategory() const { return m_saved; }
    bool wasDeleted() const { return m_wasDeleted; }

private:
    void save();
    void remove();
    CategoryDraft draftFromFields() const;

    CatalogService &m_catalog;
    std::optional<Category> m_existing;
    std::optional<Category> m_saved;
    bool m_wasDeleted = false;
    QLineEdit *m_name = nullptr;
    QPlainTextEdit *m_description = nullptr;
    FieldErrorLabels m_errors;
    DialogSaveFlow m_saveFlow;
};

} // namespace shop
