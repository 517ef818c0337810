#pragma once

#include "orders/ordertypes.h"
#include "posstore.h"
#include "saleline.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <optional>

namespace shop {

class Clock;
class SaleServices;

// How a sale at the till ended.
struct SaleOutcome
{
    enum class Kind {
        NotPlaced,    // checkout refused or failed; reason says why, there is no order
        NoOpenShift,  // the terminal has no open shift: nothing was placed; reason says so
        Paid,         // paid, fulfilled in store and recorded in the shift; order is the fulfilled order
        Failed,       // the payment was declined; reason is the gateway's
        StillPending, // the order daemon has the order but settled no payment within the wait
        NotReceived,  // the order daemon never received the order within the wait: is it running?
        Error,        // the order could not be followed or fulfilled; reason says why
    };

    Kind kind = Kind::StillPending;
    QString orderNumber; // empty for NotPlaced
    QString reason;
    std::optional<Order> order; // as last read
    std::optional<qint64> receiptNumber = std::nullopt; // Paid: the sale's number in pos.sales
};

// Who sells, and what a cash buyer handed over: recorded with the sale.
struct SaleTender
{
    QString cashier;
    std::optional<Money> tendered;
};

// The till's sale: places the scanned lines as an order through the same
// cart and checkout services as the web store, waits for the order daemon
// to settle the payment, and fulfills a paid sale at once (carrier
// IN_STORE: the buyer takes the goods). Its service calls block, so a front
// end runs it on a thread of its own; it waits on that thread's event loop
// (a timer between reads, a deadline on the injected clock), never by
// sleeping, so stop() takes effect between two reads. One sale at a time:
// start() gives up following the previous one.
class SaleWorkflow : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SaleWorkflow)

public:
    SaleWorkflow(SaleServices &services, const Clock &clock, PosStore store, QObject *parent = nullptr);

    // How long to wait between two reads of the order (250 ms unless set).
    void setPollInterval(std::chrono::milliseconds interval);

    // The sale's lines become the cart of the sale (emptied first, so paying
    // again for the same sale does not add the lines twice) and then one
    // order per saleId. Emits orderPlaced and, once the payment is settled
    // or the store's paymentWait has run out, finished; or finished alone
    // (NotPlaced) when checkout refuses the sale, its reason naming why
    // (e.g. the prices that changed). A refusal places nothing and leaves the
    // key unused, so paying again refills the cart at the current prices.
    //
    // A sale needs the terminal's open shift: without one, finished
    // (NoOpenShift) comes at once and nothing is placed.
    void start(const QString &saleId, const QList<SaleLine> &lines, const QString &paymentMethod,
               const SaleTender &tender = {});
    // Gives up waiting (the front end is closing); finished is not emitted
    // and the order stays as the daemon leaves it.
    void stop();

Q_SIGNALS:
    void orderPlaced(const QString &orderNumber);
    void finished(const shop::SaleOutcome &outcome);

private:
    Result<QString> placeOrder(const QString &saleKey, const QList<SaleLine> &lines, const QString &paymentMethod);
    void checkPayment();
    // The outcome once order is settled; nullopt while it waits for payment.
    std::optional<SaleOutcome> settle(const Order &order);
    // A Paid outcome with its receipt number, or Error when it could not be recorded.
    SaleOutcome record(SaleOutcome paid);
    void finish(SaleOutcome outcome);

    SaleServices &m_services;
    const Clock &m_clock;
    PosStore m_store;
    QTimer m_nextCheck;
    QString m_orderNumber; // of the sale being followed
    QString m_paymentMethod;
    SaleTender m_tender;
    QDateTime m_deadline;
    std::optional<Order> m_lastRead;
};

} // namespace shop
