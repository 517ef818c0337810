#include "orderstatus.h"

#include <array>
#include <utility>

namespace shop {

namespace {

constexpr std::array kOrderStatuses{
    std::pair{OrderStatus::Pending, "PENDING"},
    std::pair{OrderStatus::Processing, "PROCESSING"},
    std::pair{OrderStatus::Paid, "PAID"},
    std::pair{OrderStatus::Fulfilled, "FULFILLED"},
    std::pair{OrderStatus::Failed, "FAILED"},
    std::pair{OrderStatus::Cancelled, "CANCELLED"},
};

constexpr std::array kPaymentStatuses{
    std::pair{PaymentStatus::Pending, "PENDING"},
    std::pair{PaymentStatus::Success, "SUCCESS"},
    std::pair{PaymentStatus::Failed, "FAILED"},
    std::pair{PaymentStatus::PartiallyRefunded, "PARTIALLY_REFUNDED"},
    std::pair{PaymentStatus::Refunded, "REFUNDED"},
};

template<typename Status, size_t N>
QString nameIn(const std::array<std::pair<Status, const char *>, N> &names, Status status)
{
    for (const auto &[value, name] : names) {
        if (value == status)
            return QLatin1String(name);
    }
    return {};
}

template<typename Status, size_t N>
std::optional<Status> parseIn(const std::array<std::pair<Status, const char *>, N> &names, const QString &text)
{
    for (const auto &[value, name] : names) {
        if (text == QLatin1String(name))
            return value;
    }
    return std::nullopt;
}

} // namespace

QString statusName(OrderStatus status)
{
    return nameIn(kOrderStatuses, status);
}

QString statusName(PaymentStatus status)
{
    return nameIn(kPaymentStatuses, status);
}

std::optional<OrderStatus> parseOrderStatus(const QString &name)
{
    return parseIn(kOrderStatuses, name);
}

std::optional<PaymentStatus> parsePaymentStatus(const QString &name)
{
    return parseIn(kPaymentStatuses, name);
}

QStringList orderStatusNames()
{
    QStringList names;
    for (const auto &entry : kOrderStatuses)
        names.append(QLatin1String(entry.second));
    return names;
}

bool canCancel(OrderStatus status)
{
    return status == OrderStatus::Pending || status == OrderStatus::Processing || status == OrderStatus::Paid;
}

bool canFulfill(OrderStatus status)
{
    return status == OrderStatus::Paid;
}

} // namespace shop
