#pragma once

#include "cart/carttypes.h"

#include <QJsonObject>

namespace shop {

// The contract's Cart and CartItem shapes.
QJsonObject cartItemJson(const CartItem &item);
QJsonObject cartJson(const Cart &cart);

} // namespace shop
