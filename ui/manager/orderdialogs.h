#pragma once

#include "core/errors.h"
#include "orders/ordertypes.h"

#include <QDialog>
#include <QHash>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace shop {

// Shared by the manager's order dialogs: the backend's rule messages
// (orders/ordervalidation) appear under the field they concern, and the
// dialog only closes once the input passes them.
class OrderActionDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderActionDialog)

protected:
    OrderActionDialog(const QString &title, const QString &confirmText, QWidget *parent);

    void addField(const QString &field, const QString &label, QWidget *editor);
    // Shows errors next to their fields; true when there were none.
    bool showErrors(const QList<FieldError> &errors);
    virtual QList<FieldError> validate() const = 0;

private:
    void confirm();

    QFormLayout *m_form = nullptr;
    QHash<QString, QLabel *> m_errorLabels;
};

// Asks why an order is cancelled (1..500 characters).
class CancelOrderDialog : public OrderActionDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CancelOrderDialog)

public:
    CancelOrderDialog(const QString &orderNumber, QWidget *parent = nullptr);
    QString reason() const;

protected:
    QList<FieldError> validate() const override;

private:
    QPlainTextEdit *m_reason = nullptr;
};

// Asks for the shipping details recorded when an order goes to the carrier.
class FulfillOrderDialog : public OrderActionDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FulfillOrderDialog)

public:
    FulfillOrderDialog(const QString &orderNumber, QWidget *parent = nullptr);
    Fulfillment fulfillment() const;

protected:
    QList<FieldError> validate() const override;

private:
    QLineEdit *m_trackingNumber = nullptr;
    QLineEdit *m_carrier = nullptr;
    QPlainTextEdit *m_notes = nullptr;
};

} // namespace shop
