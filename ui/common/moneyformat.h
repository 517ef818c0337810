#pragma once

#include "core/money.h"

#include <QString>

// How every screen shows an amount: in the shop's currency (setting
// `currency`, an ISO 4217 code), formatted the way the user's locale writes
// money ("€1,234.50" in English, "1.234,50 €" in German). The one place
// amounts become text, so every screen follows a change of currency.
namespace shop::moneyformat {

// Called once at start, before any window exists (GUI thread only).
void setCurrency(const QString &isoCode);
QString currency();
// The symbol the locale's own users write for isoCode ("€" for EUR, "$" for
// USD in English); the code itself when no locale uses it.
QString symbolOf(const QString &isoCode);

} // namespace shop::moneyformat

namespace shop {

QString formatMoney(Money amount);

} // namespace shop
