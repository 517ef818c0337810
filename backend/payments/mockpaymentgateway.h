#pragma once

#include "core/settings.h"
#include "db/dbresult.h"
#include "payments/mockrefundledger.h"
#include "payments/paymentgateway.h"
#include "payments/stopsignal.h"

#include <chrono>
#include <optional>

namespace shop {

class Database;

// A pretend payment provider for development, demos and tests. Like a real
// one it keeps its own ledger (orders.mock_gateway_charges) keyed by orderId,
// so charging an order again returns the first decision and moves no money,
// also when two daemons ask at the same moment.
//
// A new charge takes `latency`, then succeeds with probability successRate;
// otherwise it fails as failureMode says: Decline records a declined charge,
// Timeout hangs until the caller's timeout, Error answers at once. Timeouts
// and errors record nothing, so asking again may succeed.
//
// Refunds work alike (same latency, success rate and failure modes) and are
// kept in orders.mock_gateway_refunds by idempotency key (MockRefundLedger);
// a refund of an unknown charge, or above what is left of it, is declined.
class MockPaymentGateway final : public PaymentGateway
{
public:
    struct Options
    {
        double successRate = 1.0; // 0..1
        std::chrono::milliseconds latency{0};
        PaymentFailureMode failureMode = PaymentFailureMode::Decline;
    };

    static Options fromSettings(const Settings &settings);

    MockPaymentGateway(Database &database, Options options);
    MockPaymentGateway(const MockPaymentGateway &) = delete;
    MockPaymentGateway &operator=(const MockPaymentGateway &) = delete;

    // Thread-safe; each calling thread uses its own database connection.
    ChargeResult charge(const ChargeRequest &request, std::chrono::milliseconds timeout) override;
    // Without a latency: one ledger statement to find those asked before and
    // one to record the rest. With one: one charge after the other.
    std::vector<ChargeResult> chargeAll(const std::vector<ChargeRequest> &requests,
                                        std::chrono::milliseconds timeout) override;
    RefundResult refund(const RefundRequest &request, std::chrono::milliseconds timeout) override;
    QString paymentMethod() const override; // "MOCK"

    // Wakes every charge that is waiting (latency, simulated timeout); they
    // and all later charges answer Unavailable "shutting down".
    void stop();

private:
    // The recorded decision for the order, if there is one; counts the call.
    DbResult<std::optional<ChargeResult>> findRecorded(const ChargeRequest &request);
    // Records a decision; returns the one that ends up in the ledger, which
    // is another daemon's if it recorded first.
    DbResult<ChargeResult> record(const ChargeRequest &request, const ChargeResult &decided);
    // Approved (with an id starting with idPrefix) or the failure mode's answer.
    ChargeResult decide(std::chrono::steady_clock::time_point deadline, const QString &idPrefix,
                        const QString &declineReason);
    ChargeResult refundFailure(const RefundRequest &request, const QSqlError &error) const;
    ChargeResult databaseFailure(const ChargeRequest &request, const QSqlError &error) const;

    Database &m_database;
    MockRefundLedger m_refunds;
    const Options m_options;
    StopSignal m_stop;
};

} // namespace shop
