#include "fielderrors.h"

#include <QVBoxLayout>
#include <QWidget>

namespace shop {

namespace {

const QString kErrorStyle = QStringLiteral("color: #b00020;");

} // namespace

FieldErrorLabels::FieldErrorLabels(QLabel *formError)
    : m_formError(formError)
{
    m_formError->setObjectName(QStringLiteral("formError"));
    m_formError->setStyleSheet(kErrorStyle);
    m_formError->setWordWrap(true);
    m_formError->hide();
}

QLabel *FieldErrorLabels::add(const QString &field)
{
    auto *label = new QLabel;
    label->setObjectName(field + QStringLiteral("Error"));
    label->setStyleSheet(kErrorStyle);
    label->setWordWrap(true);
    label->hide();
    m_labels.insert(field, label);
    return label;
}

void FieldErrorLabels::show(const QList<FieldError> &errors)
{
    QStringList unplaced;
    for (const FieldError &error : errors) {
        if (QLabel *label = m_labels.value(error.field)) {
            label->setText(label->text().isEmpty() ? error.message : label->text() + u'\n' + error.message);
            label->show();
        } else {
            unplaced.append(QStringLiteral("%1: %2").arg(error.field, error.message));
        }
    }
    if (!unplaced.isEmpty())
        showFormError(unplaced.join(u'\n'));
}

void FieldErrorLabels::showFormError(const QString &message)
{
    m_formError->setText(message);
    m_formError->show();
}

void FieldErrorLabels::clear()
{
    for (QLabel *label : std::as_const(m_labels)) {
        label->clear();
        label->hide();
    }
    m_formError->clear();
    m_formError->hide();
}

QWidget *FieldErrorLabels::stacked(QWidget *field, QLabel *error)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(error);
    box->setFocusProxy(field); // the row label's mnemonic focuses the field
    return box;
}

} // namespace shop
