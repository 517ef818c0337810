#include "orderdetailview.h"
#include "ui/common/moneyformat.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace shop {

namespace {

QLabel *valueLabel(const char *name)
{
    auto *label = new QLabel;
    label->setObjectName(QString::fromLatin1(name));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

QTableWidget *table(const char *name, const QStringList &headers)
{
    auto *widget = new QTableWidget(0, static_cast<int>(headers.size()));
    widget->setObjectName(QString::fromLatin1(name));
    widget->setHorizontalHeaderLabels(headers);
    widget->setEditTriggers(QAbstractItemView::NoEditTriggers);
    widget->setSelectionMode(QAbstractItemView::NoSelection);
    widget->setAlternatingRowColors(true);
    widget->verticalHeader()->hide();
    widget->horizontalHeader()->setStretchLastSection(true);
    return widget;
}

QString localTime(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

QTableWidgetItem *cell(const QString &text, Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(alignment);
    return item;
}

} // namespace

OrderDetailView::OrderDetailView(QWidget *parent)
    : QWidget(parent)
    , m_title(valueLabel("orderTitle"))
    , m_status(valueLabel("orderStatus"))
    , m_customer(valueLabel("orderCustomer"))
    , m_address(valueLabel("orderAddress"))
    , m_payment(valueLabel("orderPayment"))
    , m_outcome(valueLabel("orderOutcome"))
    , m_items(table("orderItems", {tr("SKU"), tr("Product"), tr("Qty"), tr("Price"), tr("Subtotal")}))
    , m_history(table("orderHistory", {tr("When"), tr("From"), tr("To"), tr("By"), tr("Reason")}))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    auto *summary = new QFormLayout;
    summary->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    summary->addRow(tr("Status:"), m_status);
    summary->addRow(tr("Customer:"), m_customer);
    summary->addRow(tr("Ship to:"), m_address);
    summary->addRow(tr("Payment:"), m_payment);
    summary->addRow(QString(), m_outcome);

    auto *items = new QGroupBox(tr("Items"));
    (new QVBoxLayout(items))->addWidget(m_items);
    auto *history = new QGroupBox(tr("Status history"));
    (new QVBoxLayout(history))->addWidget(m_history);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addLayout(summary);
    layout->addWidget(items, 3);
    layout->addWidget(history, 2);
    clear();
}

void OrderDetailView::showOrder(const Order &order)
{
    setEnabled(true);
    m_title->setText(tr("Order %1").arg(order.orderNumber));
    m_status->setText(statusName(order.status));
    const CustomerInfo &customer = order.customer;
    m_customer->setText(tr("%1\n%2\n%3").arg(customer.name, customer.email, customer.phone));
    const ShippingAddress &address = customer.shippingAddress;
    m_address->setText(tr("%1\n%2 %3 %4\n%5")
                           .arg(address.street, address.postalCode, address.city, address.state, address.country));
    m_payment->setText(tr("%1 %2 by %3 (total %4)")
                           .arg(statusName(order.paymentStatus),
                                order.completedAt ? tr("on %1").arg(localTime(*order.completedAt)) : QString(),
                                order.paymentMethod.value_or(tr("unknown method")), formatMoney(order.subtotal))
                           .simplified());
    m_outcome->setText(outcome(order));
    m_outcome->setVisible(!m_outcome->text().isEmpty());
    showItems(order);
    showHistory(order);
}

void OrderDetailView::clear()
{
    m_title->setText(tr("No order selected"));
    for (QLabel *label : {m_status, m_customer, m_address, m_payment, m_outcome})
        label->clear();
    m_outcome->hide();
    m_items->setRowCount(0);
    m_history->setRowCount(0);
    setEnabled(false);
}

void OrderDetailView::showItems(const Order &order)
{
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    m_items->setRowCount(static_cast<int>(order.items.size()));
    for (int row = 0; row < order.items.size(); ++row) {
        const OrderItem &item = order.items.at(row);
        m_items->setItem(row, 0, cell(item.productSku));
        m_items->setItem(row, 1, cell(item.productName));
        m_items->setItem(row, 2, cell(QString::number(item.quantity), right));
        m_items->setItem(row, 3, cell(formatMoney(item.priceSnapshot), right));
        m_items->setItem(row, 4, cell(formatMoney(item.subtotal), right));
    }
    m_items->resizeColumnsToContents();
}

void OrderDetailView::showHistory(const Order &order)
{
    m_history->setRowCount(static_cast<int>(order.history.size()));
    for (int row = 0; row < order.history.size(); ++row) {
        const OrderStatusChange &change = order.history.at(row);
        m_history->setItem(row, 0, cell(localTime(change.changedAt)));
        m_history->setItem(row, 1, cell(change.from ? statusName(*change.from) : QString()));
        m_history->setItem(row, 2, cell(statusName(change.to)));
        m_history->setItem(row, 3, cell(change.changedBy.value_or(QString())));
        m_history->setItem(row, 4, cell(change.reason.value_or(QString())));
    }
    m_history->resizeColumnsToContents();
}

QString OrderDetailView::outcome(const Order &order)
{
    if (order.status == OrderStatus::Cancelled) {
        QStringList lines{tr("Cancelled: %1").arg(order.cancellationReason.value_or(QString()))};
        for (const Refund &refund : order.refunds)
            lines << refundLine(refund);
        return lines.join(u'\n');
    }
    if (order.status != OrderStatus::Fulfilled)
        return {};
    QStringList parts;
    if (order.carrier)
        parts << tr("carrier %1").arg(*order.carrier);
    if (order.trackingNumber)
        parts << tr("tracking %1").arg(*order.trackingNumber);
    if (order.fulfillmentNotes)
        parts << *order.fulfillmentNotes;
    return parts.isEmpty() ? tr("Fulfilled") : tr("Fulfilled: %1").arg(parts.join(QStringLiteral("; ")));
}

QString OrderDetailView::refundLine(const Refund &refund)
{
    switch (refund.status) {
    case RefundStatus::Requested:
        return tr("Refund of %1 requested").arg(formatMoney(refund.amount));
    case RefundStatus::Succeeded:
        return tr("Refunded %1 on %2")
            .arg(formatMoney(refund.amount), refund.completedAt ? localTime(*refund.completedAt) : QString());
    case RefundStatus::Failed:
        break;
    }
    return tr("Refund of %1 FAILED (%2); Retry refund asks again")
        .arg(formatMoney(refund.amount), refund.failureReason.value_or(QString()));
}

} // namespace shop
