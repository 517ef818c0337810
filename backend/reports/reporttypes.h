#pragma once

#include "core/money.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

namespace shop {

// The top product lists are this long.
inline constexpr int kTopProducts = 20;

// How the sales figures over time are bucketed. Weeks start on Monday.
enum class ReportGranularity { Hour, Day, Week };

// The period a report covers: whole calendar days in the shop's time zone,
// both ends included.
struct ReportPeriod
{
    QDate first;
    QDate last;
    ReportGranularity granularity = ReportGranularity::Day;
    QByteArray timeZone; // IANA id, e.g. "Europe/Berlin"
};

// Revenue, in every report: for each order whose payment succeeded, its
// subtotal minus what succeeded refunds paid back of it, counted at the
// order's creation time (in the shop's time zone), whatever happened to it
// since. A refund still requested or failed has not given money back yet.
struct SalesBucket
{
    QDateTime start;      // the bucket's first moment, wall-clock time in the shop's zone
    qint64 orders = 0;    // created in the bucket, whatever became of them
    qint64 paidOrders = 0; // of those, the ones whose payment succeeded
    Money revenue;
};

// Items of paid orders, less the units succeeded refunds took back (a
// cancellation takes back every item). Their sum is the revenue as long as
// each refund pays back whole items at their price, as cancellations and
// till returns do.
struct CategorySales
{
    QString category; // the catalog's name today; "Uncategorised" for products no longer in the catalog
    qint64 units = 0;
    Money revenue;
};

struct ProductSales
{
    QUuid productId;
    QString sku;  // as on its latest order in the period
    QString name; // likewise
    qint64 units = 0;
    Money revenue;
};

// Paid orders by where they were placed (WEB, or POS: rung up at a till)
// and how they were paid.
struct PaymentMix
{
    QString channel;
    QString paymentMethod;
    qint64 paidOrders = 0;
    Money revenue;
};

// Money that did not come in or went back, at the time it happened: a
// payment when it failed, a refund when it succeeded.
struct PaymentProblemsBucket
{
    QDateTime start;
    qint64 failedPayments = 0;
    Money failedAmount;
    qint64 refunds = 0;
    Money refundedAmount;
};

struct SalesReport
{
    ReportPeriod period;
    QList<SalesBucket> overTime; // every bucket of the period, empty ones too
    QList<CategorySales> byCategory; // highest revenue first
    QList<ProductSales> topByRevenue;
    QList<ProductSales> topByUnits;
    QList<PaymentMix> paymentMix; // by channel, then method
    QList<PaymentProblemsBucket> paymentProblems; // same buckets as overTime

    qint64 orders() const;
    qint64 paidOrders() const;
    Money revenue() const;
    // paymentMix summed up by one of its keys, in key order.
    QList<PaymentMix> byChannel() const;
    QList<PaymentMix> byPaymentMethod() const;
};

// A day by hour beside the same weekday a week before (the dashboard).
struct HourlyComparison
{
    QDate day;
    QList<SalesBucket> hours; // 24 hours (DST days too: wall-clock hours)
    QList<SalesBucket> weekBefore;
};

} // namespace shop
