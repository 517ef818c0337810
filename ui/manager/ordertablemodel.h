#pragma once

#include "core/errors.h"
#include "orders/ordertypes.h"
#include "ui/manager/pagedtablemodel.h"

#include <optional>

namespace shop {

class OrderService;

// The order list behind the orders table, newest first. Filtering happens in
// the database (OrderService::list; an order number is looked up exactly),
// rows arrive a page at a time as the view scrolls, and every call runs on
// the thread pool. refresh() re-reads the top of the list quietly (at most
// kMaxRefreshRows), so a timer can keep the table current without the view
// losing its place, and a list scrolled to its 200,000th order does not
// re-read 200,000 orders on every tick.
class OrderTableModel : public PagedTableModel<OrderPage>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderTableModel)

public:
    enum Column {
        NumberColumn, CreatedColumn, CustomerColumn, EmailColumn, TotalColumn, StatusColumn, PaymentColumn,
        ColumnCount
    };
    static constexpr int kPageSize = 100;
    static constexpr int kMaxRefreshRows = 1000;

    explicit OrderTableModel(OrderService &orders, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Each filter change starts the list over from its first page.
    void setStatusFilter(const std::optional<OrderStatus> &status);
    // An order number finds that order; any other text is a customer e-mail.
    void setSearchText(const QString &text);
    // Re-reads the first rows loaded (up to kMaxRefreshRows); a no-op while
    // a load is under way.
    void refresh();

    const Order *orderAt(int row) const { return rowAt(row); }
    int rowOf(const QString &orderNumber) const; // -1 when not listed

protected:
    std::function<Result<OrderPage>()> pageFetch(const Order *after) const override;

private:
    struct Query
    {
        std::optional<OrderStatus> status;
        QString search;
    };
    static Result<OrderPage> fetch(OrderService &orders, const Query &query, const std::optional<OrderCursor> &after,
                                   int limit);
    void applyRefresh(const OrderPage &page);

    OrderService &m_orders;
    Query m_query;
    bool m_isRefreshing = false;
};

} // namespace shop
