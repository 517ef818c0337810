#include "ordertablemodel.h"
#include "ui/common/moneyformat.h"

#include "ui/common/backgroundtask.h"
#include "orders/orderservice.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <algorithm>
#include <utility>

namespace shop {

OrderTableModel::OrderTableModel(OrderService &orders, QObject *parent)
    : PagedTableModel(parent)
    , m_orders(orders)
{
}

int OrderTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrderTableModel::data(const QModelIndex &index, int role) const
{
    const Order *order = orderAt(index.row());
    if (!order)
        return {};
    if (role == Qt::UserRole)
        return order->orderNumber;
    if (role == Qt::TextAlignmentRole && index.column() == TotalColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        switch (order->status) {
        case OrderStatus::Paid: return QBrush(QColor(0x1b, 0x6e, 0xc2));
        case OrderStatus::Fulfilled: return QBrush(QColor(0x2e, 0x7d, 0x32));
        case OrderStatus::Failed: return QBrush(QColor(0xc6, 0x28, 0x28));
        case OrderStatus::Cancelled: return QBrush(QColor(0x75, 0x75, 0x75));
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NumberColumn: return order->orderNumber;
    case CreatedColumn: return QLocale().toString(order->createdAt.toLocalTime(), QLocale::ShortFormat);
    case CustomerColumn: return order->customer.name;
    case EmailColumn: return order->customer.email;
    case TotalColumn: return formatMoney(order->subtotal);
    case StatusColumn: return statusName(order->status);
    case PaymentColumn: return statusName(order->paymentStatus);
    default: return {};
    }
}

QVariant OrderTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NumberColumn: return tr("Order");
    case CreatedColumn: return tr("Created");
    case CustomerColumn: return tr("Customer");
    case EmailColumn: return tr("E-mail");
    case TotalColumn: return tr("Total");
    case StatusColumn: return tr("Status");
    case PaymentColumn: return tr("Payment");
    default: return {};
    }
}

void OrderTableModel::setStatusFilter(const std::optional<OrderStatus> &status)
{
    m_query.status = status;
    reload();
}

void OrderTableModel::setSearchText(const QString &text)
{
    m_query.search = text.trimmed();
    reload();
}

int OrderTableModel::rowOf(const QString &orderNumber) const
{
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).orderNumber == orderNumber)
            return static_cast<int>(row);
    }
    return -1;
}

Result<OrderPage> OrderTableModel::fetch(OrderService &orders, const Query &query,
                                         const std::optional<OrderCursor> &after, int limit)
{
    if (isOrderNumber(query.search)) {
        if (after)
            return OrderPage{};
        const Result<Order> order = orders.getByNumber(query.search);
        if (!order)
            return order.error().kind == ServiceError::Kind::NotFound ? Result<OrderPage>(OrderPage{})
                                                                      : Result<OrderPage>(order.error());
        if (query.status && order->status != *query.status)
            return OrderPage{};
        return OrderPage{{order.value()}, 1};
    }
    OrderFilter filter;
    filter.status = query.status;
    if (!query.search.isEmpty())
        filter.customerEmail = query.search;
    return after ? orders.listAfter(filter, *after, limit) : orders.list(filter, 0, limit);
}

std::function<Result<OrderPage>()> OrderTableModel::pageFetch(const Order *after) const
{
    OrderService &orders = m_orders;
    const Query query = m_query;
    const std::optional<OrderCursor> cursor =
        after ? std::optional<OrderCursor>(OrderCursor{after->createdAt, after->id}) : std::nullopt;
    return [&orders, query, cursor] { return fetch(orders, query, cursor, kPageSize); };
}

void OrderTableModel::refresh()
{
    if (m_isLoading || m_isRefreshing)
        return;
    m_isRefreshing = true;
    OrderService &orders = m_orders;
    const Query query = m_query;
    const quint64 generation = m_generation;
    const int limit = std::clamp(static_cast<int>(m_rows.size()), kPageSize, kMaxRefreshRows);
    runInBackground(this, [&orders, query, limit] { return fetch(orders, query, std::nullopt, limit); },
                    [this, generation](const Result<OrderPage> &page) {
                        m_isRefreshing = false;
                        if (generation != m_generation || m_isLoading)
                            return;
                        if (!page) {
                            Q_EMIT loadFailed(page.error().detail);
                            return;
                        }
                        applyRefresh(page.value());
                    });
}

// The same orders in the same places change in place, which keeps the
// selection and the scroll position (rows below the ones re-read stay as
// they were); anything else (a new order on top) resets the model to the
// rows re-read, and the view selects its order again by number.
void OrderTableModel::applyRefresh(const OrderPage &page)
{
    const bool isTopOfList = page.items.size() < m_rows.size() && page.items.size() == kMaxRefreshRows;
    bool isSameRows = isTopOfList || page.items.size() == m_rows.size();
    for (qsizetype row = 0; isSameRows && row < page.items.size(); ++row)
        isSameRows = page.items.at(row).id == m_rows.at(row).id;
    m_total = page.totalElements;
    if (isSameRows) {
        std::copy(page.items.cbegin(), page.items.cend(), m_rows.begin());
        if (!page.items.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(page.items.size()) - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        QList<Order> old = std::exchange(m_rows, page.items);
        endResetModel();
        releaseInBackground(std::move(old));
    }
    Q_EMIT pageLoaded(static_cast<int>(m_rows.size()), m_total);
}

} // namespace shop
