#pragma once

#include "orders/ordertypes.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace shop {

// The selected order in full: customer, shipping address, payment (with
// its refunds), items and the status history. Shows; never changes anything.
class OrderDetailView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderDetailView)

public:
    explicit OrderDetailView(QWidget *parent = nullptr);

    void showOrder(const Order &order);
    void clear();

private:
    void showItems(const Order &order);
    void showHistory(const Order &order);
    static QString outcome(const Order &order);
    static QString refundLine(const Refund &refund);

    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_customer = nullptr;
    QLabel *m_address = nullptr;
    QLabel *m_payment = nullptr;
    QLabel *m_outcome = nullptr;
    QTableWidget *m_items = nullptr;
    QTableWidget *m_history = nullptr;
};

} // namespace shop
