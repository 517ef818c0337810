#pragma once

#include "core/money.h"

#include <QString>
#include <QUuid>

namespace shop {

// One line of a sale at the till: the product as it was scanned.
struct SaleLine
{
    QUuid productId;
    QString sku;
    QString name;
    Money unitPrice;
    qint64 inStock = 0; // when scanned; checkout checks again under lock
    int quantity = 0;

    Money subtotal() const { return unitPrice * quantity; }
};

} // namespace shop
