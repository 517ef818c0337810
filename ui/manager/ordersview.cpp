#include "ordersview.h"

#include "ui/common/backgroundtask.h"
#include "orderdetailview.h"
#include "orderdialogs.h"
#include "orders/orderservice.h"
#include "orders/refundservice.h"
#include "ordertablemodel.h"
#include "pagedtablestatus.h"
#include "searchfield.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace shop {

OrdersView::OrdersView(OrderService &orders, RefundService &refunds, const Principal &user, bool canEdit,
                       QWidget *parent)
    : QWidget(parent)
    , m_orders(orders)
    , m_refunds(refunds)
    , m_actor(user.username)
    , m_canEdit(canEdit)
    , m_model(new OrderTableModel(orders, this))
    , m_statusFilter(new QComboBox)
    , m_search(new SearchField)
    , m_cancel(new QPushButton(tr("&Cancel order…")))
    , m_fulfill(new QPushButton(tr("&Fulfill…")))
    , m_retryRefund(new QPushButton(tr("&Retry refund")))
    , m_table(new QTableView)
    , m_detail(new OrderDetailView)
    , m_status(new PagedTableStatus(m_model, QStringLiteral("ordersStatus"),
                                    {tr("Loading orders…"),
                                     [](int shown, qint64 total) {
                                         return tr("%1 of %n order(s) shown", nullptr, static_cast<int>(total))
                                             .arg(shown);
                                     },
                                     tr("Could not load orders: %1")}))
    , m_refresh(new QTimer(this))
{
    m_statusFilter->setObjectName(QStringLiteral("orderStatusFilter"));
    m_statusFilter->addItem(tr("All statuses"));
    for (const QString &name : orderStatusNames())
        m_statusFilter->addItem(name, name);
    m_search->setObjectName(QStringLiteral("orderSearch"));
    m_search->setPlaceholderText(tr("Order number or customer e-mail"));
    m_cancel->setObjectName(QStringLiteral("cancelOrder"));
    m_fulfill->setObjectName(QStringLiteral("fulfillOrder"));
    m_retryRefund->setObjectName(QStringLiteral("retryRefund"));
    m_table->setObjectName(QStringLiteral("orders"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    m_table->horizontalHeader()->setSectionResizeMode(OrderTableModel::CustomerColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(OrderTableModel::EmailColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = fontMetrics();
    const int padding = 16;
    m_table->setColumnWidth(OrderTableModel::NumberColumn,
                            metrics.horizontalAdvance(QStringLiteral("ORD-20261125-0000")) + padding);
    m_table->setColumnWidth(OrderTableModel::CreatedColumn,
                            metrics.horizontalAdvance(QLocale().toString(QDateTime(QDate(2026, 12, 28), QTime(23, 59)),
                                                                         QLocale::ShortFormat))
                                + padding);
    m_table->setColumnWidth(OrderTableModel::TotalColumn, metrics.horizontalAdvance(QStringLiteral("00000.00")) + padding);
    m_table->setColumnWidth(OrderTableModel::StatusColumn, metrics.horizontalAdvance(QStringLiteral("CANCELLED")) + padding);
    m_table->setColumnWidth(OrderTableModel::PaymentColumn, metrics.horizontalAdvance(QStringLiteral("PENDING")) + padding);
    m_refresh->setInterval(kRefreshIntervalMs);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_statusFilter);
    auto *list = new QWidget;
    auto *listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addLayout(filters);
    listLayout->addWidget(m_table, 1);
    listLayout->addWidget(m_status);

    auto *actions = new QHBoxLayout;
    actions->addStretch(1);
    actions->addWidget(m_retryRefund);
    actions->addWidget(m_cancel);
    actions->addWidget(m_fulfill);
    auto *detail = new QWidget;
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detail, 1);
    detailLayout->addLayout(actions);

    auto *splitter = new QSplitter;
    splitter->addWidget(list);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({700, 440});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 6);
    layout->addWidget(splitter);

    connect(m_search, &SearchField::searchChanged, m_model, &OrderTableModel::setSearchText);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &OrdersView::statusFilterChanged);
    connect(m_cancel, &QPushButton::clicked, this, &OrdersView::cancelOrder);
    connect(m_fulfill, &QPushButton::clicked, this, &OrdersView::fulfillOrder);
    connect(m_retryRefund, &QPushButton::clicked, this, &OrdersView::retryRefund);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &OrdersView::selectionChanged);
    connect(m_model, &OrderTableModel::modelReset, this, &OrdersView::restoreSelection);
    connect(m_model, &OrderTableModel::rowsInserted, this, &OrdersView::restoreSelection);
    connect(m_model, &OrderTableModel::dataChanged, this, &OrdersView::updateActions);
    connect(m_refresh, &QTimer::timeout, this, &OrdersView::refreshNow);

    updateActions();
    m_model->reload();
    m_refresh->start();
}

void OrdersView::reload()
{
    m_model->reload();
}

void OrdersView::setRefreshInterval(int milliseconds)
{
    m_refresh->setInterval(milliseconds);
}

void OrdersView::statusFilterChanged()
{
    const QVariant name = m_statusFilter->currentData();
    m_model->setStatusFilter(name.isValid() ? parseOrderStatus(name.toString()) : std::nullopt);
}

void OrdersView::selectionChanged()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const Order *row = rows.isEmpty() ? nullptr : m_model->orderAt(rows.first().row());
    if (!row) {
        // A reset empties the selection for a moment; restoreSelection decides.
        if (!m_model->isLoading() && m_model->rowOf(m_selectedNumber) < 0) {
            m_selectedNumber.clear();
            m_selected.reset();
            m_detail->clear();
        }
        updateActions();
        return;
    }
    if (row->orderNumber != m_selectedNumber) {
        m_selectedNumber = row->orderNumber;
        m_selected.reset();
        m_detail->showOrder(*row); // the listing has all but the history, which follows
    }
    updateActions();
    loadDetail(m_selectedNumber);
}

// After a reset or a new page, the order selected before is selected again
// if it is still listed.
void OrdersView::restoreSelection()
{
    if (m_selectedNumber.isEmpty())
        return;
    const int row = m_model->rowOf(m_selectedNumber);
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (row >= 0 && (selected.isEmpty() || selected.first().row() != row))
        m_table->selectRow(row);
    else if (row < 0 && !m_model->isLoading() && !m_model->canFetchMore({})) {
        m_selectedNumber.clear();
        m_selected.reset();
        m_detail->clear();
    }
    updateActions();
}

void OrdersView::refreshNow()
{
    m_model->refresh();
    if (!m_selectedNumber.isEmpty() && !m_isActing)
        loadDetail(m_selectedNumber);
}

void OrdersView::loadDetail(const QString &orderNumber)
{
    OrderService &orders = m_orders;
    runInBackground(this, [&orders, orderNumber] { return orders.getByNumber(orderNumber); },
                    [this, orderNumber](const Result<Order> &order) {
                        if (orderNumber != m_selectedNumber)
                            return; // the manager moved on
                        if (order)
                            showDetail(order.value());
                    });
}

void OrdersView::showDetail(const Order &order)
{
    // An older answer never replaces a newer state.
    if (m_selected && m_selected->orderNumber == order.orderNumber && m_selected->version > order.version)
        return;
    m_selected = order;
    m_detail->showOrder(order);
    updateActions();
}

std::optional<OrderStatus> OrdersView::selectedStatus() const
{
    if (m_selectedNumber.isEmpty())
        return std::nullopt;
    if (m_selected && m_selected->orderNumber == m_selectedNumber)
        return m_selected->status;
    const Order *row = m_model->orderAt(m_model->rowOf(m_selectedNumber));
    return row ? std::optional<OrderStatus>(row->status) : std::nullopt;
}

void OrdersView::updateActions()
{
    const std::optional<OrderStatus> status = selectedStatus();
    const bool isFree = m_canEdit && !m_isActing && status;
    m_cancel->setEnabled(isFree && canCancel(*status));
    m_fulfill->setEnabled(isFree && canFulfill(*status));
    m_retryRefund->setEnabled(m_canEdit && !m_isActing && failedRefund());
    m_retryRefund->setVisible(failedRefund().has_value());
    const QString readOnly = tr("Only managers can change orders.");
    m_cancel->setToolTip(m_canEdit ? tr("Cancel a pending, processing or paid order") : readOnly);
    m_fulfill->setToolTip(m_canEdit ? tr("Hand a paid order to the carrier") : readOnly);
}

void OrdersView::cancelOrder()
{
    const std::optional<OrderStatus> status = selectedStatus();
    if (!m_canEdit || !status || !canCancel(*status))
        return;
    const QString number = m_selectedNumber;
    CancelOrderDialog dialog(number, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_isActing = true;
    updateActions();
    OrderService &orders = m_orders;
    const QString reason = dialog.reason();
    const QString actor = m_actor;
    runInBackground(this, [&orders, number, reason, actor] { return orders.cancel(number, reason, actor, {}); },
                    [this, number](const Result<Order> &result) {
                        finishAction(result, tr("Order %1 cancelled.").arg(number));
                    });
}

void OrdersView::fulfillOrder()
{
    const std::optional<OrderStatus> status = selectedStatus();
    if (!m_canEdit || !status || !canFulfill(*status))
        return;
    const QString number = m_selectedNumber;
    FulfillOrderDialog dialog(number, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_isActing = true;
    updateActions();
    OrderService &orders = m_orders;
    const Fulfillment fulfillment = dialog.fulfillment();
    const QString actor = m_actor;
    runInBackground(this,
                    [&orders, number, fulfillment, actor] { return orders.fulfill(number, fulfillment, actor, {}); },
                    [this, number](const Result<Order> &result) {
                        finishAction(result, tr("Order %1 fulfilled.").arg(number));
                    });
}

std::optional<QUuid> OrdersView::failedRefund() const
{
    if (!m_selected || m_selected->orderNumber != m_selectedNumber)
        return std::nullopt;
    for (const Refund &refund : m_selected->refunds) {
        if (refund.status == RefundStatus::Failed)
            return refund.id;
    }
    return std::nullopt;
}

void OrdersView::retryRefund()
{
    const std::optional<QUuid> refundId = failedRefund();
    if (!m_canEdit || !refundId)
        return;
    m_isActing = true;
    updateActions();
    RefundService &refunds = m_refunds;
    const QUuid id = *refundId;
    const QString actor = m_actor;
    const QString number = m_selectedNumber;
    runInBackground(this, [&refunds, id, actor] { return refunds.retry(id, actor, {}); },
                    [this, number](const Result<Refund> &result) {
                        m_isActing = false;
                        if (result)
                            Q_EMIT statusMessage(tr("Refund of order %1 asked for again.").arg(number));
                        else // typically a Conflict: someone retried it first
                            QMessageBox::warning(this, tr("Refund not retried"), result.error().detail);
                        if (!m_selectedNumber.isEmpty())
                            loadDetail(m_selectedNumber);
                        updateActions();
                    });
}

void OrdersView::finishAction(const Result<Order> &result, const QString &done)
{
    m_isActing = false;
    if (result) {
        if (result->orderNumber == m_selectedNumber)
            showDetail(result.value());
        Q_EMIT statusMessage(done);
    } else {
        // Typically a Conflict: the daemon or another manager changed the order first.
        QMessageBox::warning(this, tr("Order not changed"), result.error().detail);
        if (!m_selectedNumber.isEmpty())
            loadDetail(m_selectedNumber);
    }
    updateActions();
    m_model->refresh();
}

} // namespace shop
