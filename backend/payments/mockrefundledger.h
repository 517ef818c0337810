#pragma once

#include "core/money.h"
#include "db/dbresult.h"
#include "payments/paymentgateway.h"

#include <optional>

namespace shop {

class Database;

// The mock gateway's books of refunds (orders.mock_gateway_refunds), keyed
// by idempotency key, checked against its books of charges. Every method
// runs on the calling thread's connection, in a transaction of its own.
class MockRefundLedger
{
public:
    explicit MockRefundLedger(Database &database);

    // The decision recorded under the request's key, if there is one; counts the call.
    DbResult<std::optional<RefundResult>> findRecorded(const RefundRequest &request);

    // Records decided under the request's key, unless the charge it names is
    // unknown or not approved, or an approved refund would exceed what is left
    // of the charge: then a Declined answer that records nothing. Answers the
    // decision in the ledger, which is another caller's if it recorded first.
    DbResult<RefundResult> record(const RefundRequest &request, const RefundResult &decided);

private:
    Database &m_database;
};

} // namespace shop
