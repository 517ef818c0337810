#pragma once

#include "core/money.h"

#include <QString>
#include <QUuid>

#include <chrono>
#include <vector>

namespace shop {

// One charge for one order. The orderId is the gateway's idempotency key:
// charging the same order again returns the first result and moves no money,
// so a daemon that died between charging and committing may simply ask again.
struct ChargeRequest
{
    QUuid orderId;
    QString orderNumber;
    Money amount;
    QString correlationId;
};

struct ChargeResult
{
    enum class Outcome {
        Approved,    // money moved; externalTransactionId is set
        Declined,    // a definite no (card declined, ...); retrying will not help
        Unavailable, // error, timeout or circuit open: the gateway did not decide
    };

    Outcome outcome = Outcome::Unavailable;
    QString externalTransactionId;
    QString failureReason; // set unless Approved; safe to show to a customer

    bool isApproved() const { return outcome == Outcome::Approved; }
};

// Gives back (part of) an approved charge. idempotencyKey is the gateway's
// idempotency key: asking again with the same key returns the first answer
// and moves no money. The gateway refuses (Declined) a refund above what is
// left of the charge after its earlier refunds.
struct RefundRequest
{
    QString paymentId; // the charge's externalTransactionId
    Money amount;
    QString idempotencyKey;
    QString orderNumber; // for logs
    QString correlationId;
};

// The same three outcomes as a charge; externalTransactionId is the
// provider's id of the refund.
using RefundResult = ChargeResult;

// Where the daemon charges orders and refunds them. Implementations are called from the
// consumer thread and must be thread-safe; they must give up and answer
// Unavailable once timeout has passed.
class PaymentGateway
{
public:
    virtual ~PaymentGateway() = default;
    virtual ChargeResult charge(const ChargeRequest &request, std::chrono::milliseconds timeout) = 0;
    // The charges of several orders asked for at once (the orders of one
    // poll), one answer each, in the same order. A gateway that can take
    // them together does (one request; for the mock, one ledger write); by
    // default they are asked one after the other.
    virtual std::vector<ChargeResult> chargeAll(const std::vector<ChargeRequest> &requests,
                                                std::chrono::milliseconds timeout)
    {
        std::vector<ChargeResult> results;
        for (const ChargeRequest &request : requests)
            results.push_back(charge(request, timeout));
        return results;
    }
    virtual RefundResult refund(const RefundRequest &request, std::chrono::milliseconds timeout) = 0;
    // The contract's paymentMethod of a card payment through this gateway ("MOCK", "STRIPE").
    virtual QString paymentMethod() const = 0;
};

} // namespace shop
