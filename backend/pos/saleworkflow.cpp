#include "saleworkflow.h"

#include "core/clock.h"
#include "saleservices.h"

namespace shop {

namespace {

const QString kInStoreCarrier = QStringLiteral("IN_STORE");
constexpr std::chrono::milliseconds kDefaultPollInterval{250};

} // namespace

SaleWorkflow::SaleWorkflow(SaleServices &services, const Clock &clock, PosStore store, QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_clock(clock)
    , m_store(std::move(store))
    , m_nextCheck(this) // a child, so it moves to another thread with the workflow
{
    m_nextCheck.setSingleShot(true);
    m_nextCheck.setInterval(kDefaultPollInterval);
    connect(&m_nextCheck, &QTimer::timeout, this, &SaleWorkflow::checkPayment);
}

void SaleWorkflow::setPollInterval(std::chrono::milliseconds interval)
{
    m_nextCheck.setInterval(interval);
}

void SaleWorkflow::start(const QString &saleId, const QList<SaleLine> &lines, const QString &paymentMethod,
                         const SaleTender &tender)
{
    stop();
    if (const Result<Done> shift = m_services.requireOpenShift(m_store.terminalId); !shift) {
        const auto kind = shift.error().kind == ServiceError::Kind::Conflict ? SaleOutcome::Kind::NoOpenShift
                                                                             : SaleOutcome::Kind::NotPlaced;
        Q_EMIT finished({kind, QString(), shift.error().detail, std::nullopt});
        return;
    }
    m_paymentMethod = paymentMethod;
    m_tender = tender;
    // The sale's key names its cart and is its Idempotency-Key, so paying
    // again for the same sale never places a second order.
    const QString saleKey = QStringLiteral("pos-%1-%2").arg(m_store.terminalId, saleId);
    const Result<QString> orderNumber = placeOrder(saleKey, lines, paymentMethod);
    if (!orderNumber) {
        Q_EMIT finished({SaleOutcome::Kind::NotPlaced, QString(), orderNumber.error().detail, std::nullopt});
        return;
    }
    m_orderNumber = orderNumber.value();
    m_deadline = m_clock.now().addMSecs(m_store.paymentWait.count());
    Q_EMIT orderPlaced(m_orderNumber);
    checkPayment();
}

void SaleWorkflow::stop()
{
    m_nextCheck.stop();
    m_orderNumber.clear();
    m_lastRead.reset();
}

Result<QString> SaleWorkflow::placeOrder(const QString &saleKey, const QList<SaleLine> &lines,
                                         const QString &paymentMethod)
{
    if (const Result<Done> deleted = m_services.deleteCart(saleKey);
        !deleted && deleted.error().kind != ServiceError::Kind::NotFound)
        return deleted.error();
    for (const SaleLine &line : lines) {
        const Result<Done> added = m_services.addItem(saleKey, line.productId, line.quantity);
        if (!added)
            return added.error();
    }
    return m_services.placeOrder({saleKey, walkInCustomer(m_store), paymentMethod}, saleKey);
}

void SaleWorkflow::checkPayment()
{
    const Result<Order> order = m_services.getByNumber(m_orderNumber);
    // NotFound: the daemon has not received the order from Kafka yet.
    if (!order && order.error().kind != ServiceError::Kind::NotFound) {
        finish({SaleOutcome::Kind::Error, m_orderNumber, order.error().detail, m_lastRead});
        return;
    }
    if (order) {
        m_lastRead = order.value();
        if (std::optional<SaleOutcome> settled = settle(order.value())) {
            finish(settled->kind == SaleOutcome::Kind::Paid ? record(std::move(*settled)) : std::move(*settled));
            return;
        }
    }
    if (m_clock.now() >= m_deadline) {
        const auto kind = m_lastRead ? SaleOutcome::Kind::StillPending : SaleOutcome::Kind::NotReceived;
        finish({kind, m_orderNumber, QString(), m_lastRead});
        return;
    }
    m_nextCheck.start();
}

std::optional<SaleOutcome> SaleWorkflow::settle(const Order &order)
{
    switch (order.status) {
    case OrderStatus::Failed:
        return SaleOutcome{SaleOutcome::Kind::Failed, m_orderNumber, order.paymentFailureReason.value_or(QString()),
                           order};
    case OrderStatus::Fulfilled: // paid and fulfilled when this sale was paid for before
        return SaleOutcome{SaleOutcome::Kind::Paid, m_orderNumber, QString(), order};
    case OrderStatus::Paid: {
        const Result<Order> fulfilled = m_services.fulfill(
            m_orderNumber, {std::nullopt, kInStoreCarrier, QString(QStringLiteral("terminal ") + m_store.terminalId)},
            QStringLiteral("pos:") + m_store.terminalId);
        if (!fulfilled)
            return SaleOutcome{SaleOutcome::Kind::Error, m_orderNumber, fulfilled.error().detail, order};
        return SaleOutcome{SaleOutcome::Kind::Paid, m_orderNumber, QString(), fulfilled.value()};
    }
    case OrderStatus::Cancelled:
        return SaleOutcome{SaleOutcome::Kind::Error, m_orderNumber, QStringLiteral("the order was cancelled"), order};
    case OrderStatus::Pending:
    case OrderStatus::Processing:
        return std::nullopt;
    }
    return std::nullopt;
}

// The sale enters the shift once it is paid (and fulfilled), not when the
// order is placed: a declined or abandoned payment is no sale, so it gets no
// receipt number and no place in the X- and Z-reports, and the shift's cash
// figures only count money that was taken. If the till dies between the
// payment and this record, paying again for the same sale (same key, so no
// second order) finds the order paid and records it then.
SaleOutcome SaleWorkflow::record(SaleOutcome paid)
{
    const Order &order = *paid.order;
    const TillSale sale{m_store.terminalId,
                        m_orderNumber,
                        m_tender.cashier.isEmpty() ? QStringLiteral("pos:") + m_store.terminalId : m_tender.cashier,
                        m_paymentMethod == kPaymentMethodCash ? kTillCash : kTillCard,
                        order.subtotal,
                        m_paymentMethod == kPaymentMethodCash ? m_tender.tendered : std::nullopt};
    const Result<RecordedSale> recorded = m_services.recordSale(sale);
    if (!recorded)
        return {SaleOutcome::Kind::Error, m_orderNumber,
                QStringLiteral("the order is paid but could not be recorded in the shift (%1); pay again to record it, "
                               "the payment is not taken twice")
                    .arg(recorded.error().detail),
                order};
    paid.receiptNumber = recorded->receiptNumber;
    return paid;
}

void SaleWorkflow::finish(SaleOutcome outcome)
{
    stop();
    Q_EMIT finished(outcome);
}

} // namespace shop
