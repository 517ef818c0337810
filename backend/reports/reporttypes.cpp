#include "reporttypes.h"

#include <QMap>

namespace shop {

namespace {

QList<PaymentMix> sumBy(const QList<PaymentMix> &rows, QString PaymentMix::*key)
{
    QMap<QString, PaymentMix> sums;
    for (const PaymentMix &row : rows) {
        PaymentMix &sum = sums[row.*key];
        sum.*key = row.*key;
        sum.paidOrders += row.paidOrders;
        sum.revenue = sum.revenue + row.revenue;
    }
    return sums.values();
}

} // namespace

qint64 SalesReport::orders() const
{
    qint64 sum = 0;
    for (const SalesBucket &bucket : overTime)
        sum += bucket.orders;
    return sum;
}

qint64 SalesReport::paidOrders() const
{
    qint64 sum = 0;
    for (const SalesBucket &bucket : overTime)
        sum += bucket.paidOrders;
    return sum;
}

Money SalesReport::revenue() const
{
    Money sum;
    for (const SalesBucket &bucket : overTime)
        sum = sum + bucket.revenue;
    return sum;
}

QList<PaymentMix> SalesReport::byChannel() const
{
    return sumBy(paymentMix, &PaymentMix::channel);
}

QList<PaymentMix> SalesReport::byPaymentMethod() const
{
    return sumBy(paymentMix, &PaymentMix::paymentMethod);
}

} // namespace shop
