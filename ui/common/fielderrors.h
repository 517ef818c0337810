#pragma once

#include "core/errors.h"

#include <QHash>
#include <QLabel>
#include <QString>

class QWidget;

namespace shop {

// The red messages under a dialog's fields, keyed by the contract's field
// name, plus one label for what belongs to no field.
class FieldErrorLabels
{
public:
    explicit FieldErrorLabels(QLabel *formError);

    // A hidden label named <field>Error, to place under the field.
    QLabel *add(const QString &field);
    // Each field says all its broken rules, one per line.
    void show(const QList<FieldError> &errors);
    void showFormError(const QString &message);
    void clear();
    QLabel *formError() const { return m_formError; }

    // The field and its error label, one under the other, as one form row.
    static QWidget *stacked(QWidget *field, QLabel *error);

private:
    QLabel *m_formError;
    QHash<QString, QLabel *> m_labels;
};

} // namespace shop
