#pragma once

#include "core/errors.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace shop {

struct ShippingAddress
{
    QString street;
    QString city;
    QString state;
    QString postalCode;
    QString country;
};

// Who buys and where the goods go, as the contract's CustomerInfo.
struct CustomerInfo
{
    QString name;
    QString email;
    QString phone;
    ShippingAddress shippingAddress;
};

// How an order is paid. Card payments go through the daemon's payment
// gateway; cash is taken at the till (POS) and settled by the daemon at once.
inline const QString kPaymentMethodCash = QStringLiteral("CASH");

// The contract's rules, one FieldError per broken field, named by its JSON
// path under prefix ("customerInfo.shippingAddress.city"). Pure, so REST and
// POS validate alike and tests need no database.
QList<FieldError> validateCustomerInfo(const CustomerInfo &info, const QString &prefix = QStringLiteral("customerInfo"));
bool isValidEmail(const QString &email);

// Reads a CustomerInfo JSON object (as in checkout bodies and OrderCreated).
// typeErrors gets fields of the wrong JSON type and a missing shippingAddress;
// blank or missing strings stay empty for validateCustomerInfo to name.
CustomerInfo readCustomerInfo(const QJsonObject &object, const QString &prefix, QList<FieldError> &typeErrors);

} // namespace shop
