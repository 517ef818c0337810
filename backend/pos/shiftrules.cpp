#include "shiftrules.h"

#include "shiftservice.h"

namespace shop {

namespace shiftrules {

ServiceError invalid(const QString &field, const QString &message)
{
    return ServiceError::validation({{field, message}});
}

std::optional<ServiceError> checkAmount(const QString &field, Money amount, qint64 minimumCents)
{
    if (amount.cents() < minimumCents)
        return invalid(field, minimumCents > 0 ? QStringLiteral("must be at least 0.01")
                                               : QStringLiteral("must not be negative"));
    if (amount.cents() > ShiftService::kMaxCashCents)
        return invalid(field, QStringLiteral("must be at most %1")
                                  .arg(Money::fromCents(ShiftService::kMaxCashCents).toDecimalString()));
    return std::nullopt;
}

Result<Money> countedTotal(const CashCount &count)
{
    if (count.total.has_value() == !count.denominations.isEmpty())
        return invalid(QStringLiteral("counted"), QStringLiteral("give either a total or a count per denomination"));
    if (count.total) {
        if (std::optional<ServiceError> error = checkAmount(QStringLiteral("counted"), *count.total, 0))
            return *error;
        return *count.total;
    }
    if (count.denominations.size() > ShiftService::kMaxDenominations)
        return invalid(QStringLiteral("denominations"),
                       QStringLiteral("at most %1 denominations").arg(ShiftService::kMaxDenominations));
    qint64 total = 0;
    for (auto it = count.denominations.begin(); it != count.denominations.end(); ++it) {
        if (it.key() < 1 || it.key() > ShiftService::kMaxCashCents)
            return invalid(QStringLiteral("denominations"), QStringLiteral("a denomination must be a positive amount"));
        if (it.value() < 0 || it.value() > ShiftService::kMaxCashCents)
            return invalid(QStringLiteral("denominations"), QStringLiteral("a count must not be negative"));
        total += it.key() * it.value(); // both bounded by 1e8: no overflow
        if (total > ShiftService::kMaxCashCents)
            return invalid(QStringLiteral("denominations"), QStringLiteral("the total must be at most %1")
                                                                .arg(Money::fromCents(ShiftService::kMaxCashCents)
                                                                         .toDecimalString()));
    }
    return Money::fromCents(total);
}

} // namespace shiftrules

} // namespace shop
