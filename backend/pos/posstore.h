#pragma once

#include "events/customerinfo.h"

#include <QString>

#include <chrono>

namespace shop {

// Where the terminal stands and what its receipts say.
struct PosStore
{
    QString terminalId;
    QString shopName;
    QString shopAddress;
    QString receiptFolder;                      // receipts are saved here as PDF
    std::chrono::milliseconds paymentWait{30000}; // then the order is left PENDING
};

// A walk-in buyer has no address of their own: the order carries the
// store's details, so it passes the same customer rules as a web order.
CustomerInfo walkInCustomer(const PosStore &store);

} // namespace shop
