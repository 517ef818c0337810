#include "orderdialogs.h"

#include "orders/ordervalidation.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace shop {

namespace {

const QString kErrorStyle = QStringLiteral("color: #b00020;");

std::optional<QString> optionalText(const QString &text)
{
    return text.trimmed().isEmpty() ? std::nullopt : std::optional<QString>(text);
}

} // namespace

OrderActionDialog::OrderActionDialog(const QString &title, const QString &confirmText, QWidget *parent)
    : QDialog(parent)
    , m_form(new QFormLayout)
{
    setWindowTitle(title);
    auto *buttons = new QDialogButtonBox;
    QPushButton *confirmButton = buttons->addButton(confirmText, QDialogButtonBox::AcceptRole);
    confirmButton->setObjectName(QStringLiteral("confirm"));
    confirmButton->setDefault(true);
    QPushButton *back = buttons->addButton(tr("Back"), QDialogButtonBox::RejectRole);
    back->setObjectName(QStringLiteral("back"));
    connect(buttons, &QDialogButtonBox::accepted, this, &OrderActionDialog::confirm);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

void OrderActionDialog::addField(const QString &field, const QString &label, QWidget *editor)
{
    editor->setObjectName(field);
    auto *error = new QLabel;
    error->setObjectName(field + QStringLiteral("Error"));
    error->setStyleSheet(kErrorStyle);
    error->setWordWrap(true);
    error->hide();
    auto *column = new QVBoxLayout;
    column->setSpacing(2);
    column->addWidget(editor);
    column->addWidget(error);
    // A layout cannot be a buddy: the label is made here and given the editor.
    auto *rowLabel = new QLabel(label);
    rowLabel->setBuddy(editor);
    m_form->addRow(rowLabel, column);
    m_errorLabels.insert(field, error);
}

bool OrderActionDialog::showErrors(const QList<FieldError> &errors)
{
    for (QLabel *label : std::as_const(m_errorLabels))
        label->hide();
    for (const FieldError &error : errors) {
        if (QLabel *label = m_errorLabels.value(error.field)) {
            label->setText(error.message);
            label->show();
        }
    }
    return errors.isEmpty();
}

void OrderActionDialog::confirm()
{
    if (showErrors(validate()))
        accept();
}

CancelOrderDialog::CancelOrderDialog(const QString &orderNumber, QWidget *parent)
    : OrderActionDialog(tr("Cancel order %1").arg(orderNumber), tr("Cancel order"), parent)
    , m_reason(new QPlainTextEdit)
{
    m_reason->setPlaceholderText(tr("Why is the order cancelled? The customer's stock is given back."));
    m_reason->setTabChangesFocus(true);
    m_reason->setFixedHeight(fontMetrics().height() * 5);
    addField(QStringLiteral("reason"), tr("&Reason:"), m_reason);
}

QString CancelOrderDialog::reason() const
{
    return m_reason->toPlainText();
}

QList<FieldError> CancelOrderDialog::validate() const
{
    return orders::validateCancellation(reason());
}

FulfillOrderDialog::FulfillOrderDialog(const QString &orderNumber, QWidget *parent)
    : OrderActionDialog(tr("Fulfill order %1").arg(orderNumber), tr("Mark fulfilled"), parent)
    , m_trackingNumber(new QLineEdit)
    , m_carrier(new QLineEdit)
    , m_notes(new QPlainTextEdit)
{
    m_carrier->setPlaceholderText(tr("e.g. DHL, UPS, IN_STORE"));
    m_notes->setTabChangesFocus(true);
    m_notes->setFixedHeight(fontMetrics().height() * 4);
    addField(QStringLiteral("trackingNumber"), tr("&Tracking number:"), m_trackingNumber);
    addField(QStringLiteral("carrier"), tr("&Carrier:"), m_carrier);
    addField(QStringLiteral("notes"), tr("&Notes:"), m_notes);
}

Fulfillment FulfillOrderDialog::fulfillment() const
{
    return {optionalText(m_trackingNumber->text()), optionalText(m_carrier->text()),
            optionalText(m_notes->toPlainText())};
}

QList<FieldError> FulfillOrderDialog::validate() const
{
    return orders::validateFulfillment(fulfillment());
}

} // namespace shop
