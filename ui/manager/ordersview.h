#pragma once

#include "auth/accesstokens.h"
#include "core/errors.h"
#include "orders/ordertypes.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QPushButton;
class QTableView;
class QTimer;

namespace shop {

class OrderDetailView;
class OrderService;
class RefundService;
class OrderTableModel;
class PagedTableStatus;
class SearchField;

// The orders screen: the order list with a status filter and a search box,
// the selected order in detail and, for managers, Cancel and Fulfill in the
// states the contract allows, and Retry refund for a refund that FAILED. Re-reads the list and the selected order every
// few seconds, so payments settled by the daemon show up by themselves.
class OrdersView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrdersView)

public:
    static constexpr int kRefreshIntervalMs = 4000;

    // Only a MANAGER (canEdit) cancels or fulfills; actor is recorded in the history.
    OrdersView(OrderService &orders, RefundService &refunds, const Principal &user, bool canEdit,
               QWidget *parent = nullptr);

    // Reloads the list from its first page.
    void reload();
    void setRefreshInterval(int milliseconds);
    OrderTableModel *orderModel() const { return m_model; }
    QTableView *orderTable() const { return m_table; }
    OrderDetailView *detailView() const { return m_detail; }
    // The order shown in detail, once its details arrived.
    const std::optional<Order> &selectedOrder() const { return m_selected; }

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    void statusFilterChanged();
    void selectionChanged();
    void restoreSelection();
    void refreshNow();
    void loadDetail(const QString &orderNumber);
    void showDetail(const Order &order);
    void updateActions();
    void cancelOrder();
    void fulfillOrder();
    void retryRefund();
    // The selected order's first FAILED refund, if any.
    std::optional<QUuid> failedRefund() const;
    void finishAction(const Result<Order> &result, const QString &done);
    std::optional<OrderStatus> selectedStatus() const;

    OrderService &m_orders;
    RefundService &m_refunds;
    QString m_actor;
    bool m_canEdit = false;
    bool m_isActing = false; // a cancel or fulfil is on its way
    QString m_selectedNumber;
    std::optional<Order> m_selected;
    OrderTableModel *m_model = nullptr;
    QComboBox *m_statusFilter = nullptr;
    SearchField *m_search = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_fulfill = nullptr;
    QPushButton *m_retryRefund = nullptr;
    QTableView *m_table = nullptr;
    OrderDetailView *m_detail = nullptr;
    PagedTableStatus *m_status = nullptr;
    QTimer *m_refresh = nullptr;
};

} // namespace shop
