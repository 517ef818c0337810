#include "refundtypes.h"

#include <array>
#include <utility>

namespace shop {

namespace {

constexpr std::array kNames{
    std::pair{RefundStatus::Requested, "REQUESTED"},
    std::pair{RefundStatus::Succeeded, "SUCCEEDED"},
    std::pair{RefundStatus::Failed, "FAILED"},
};

} // namespace

QString refundStatusName(RefundStatus status)
{
    for (const auto &[value, name] : kNames) {
        if (value == status)
            return QLatin1String(name);
    }
    return {};
}

std::optional<RefundStatus> parseRefundStatus(const QString &name)
{
    for (const auto &[value, text] : kNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

} // namespace shop
