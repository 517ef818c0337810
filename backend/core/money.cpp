#include "money.h"

#include <QRegularExpression>

#include <cmath>

namespace shop {

namespace {
// Larger amounts lose cent precision as doubles; no shop sells those.
constexpr double kMaxAmount = 1e13;
}

std::optional<Money> Money::fromJson(const QJsonValue &value, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<Money> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!value.isDouble())
        return fail(QStringLiteral("must be a number"));
    const double amount = value.toDouble();
    if (!std::isfinite(amount) || std::fabs(amount) > kMaxAmount)
        return fail(QStringLiteral("is out of range"));
    // The JSON text is gone by now; a decimal with at most two places is
    // within rounding noise of a whole number of cents, one with three is not.
    const double cents = amount * 100.0;
    const double rounded = std::round(cents);
    if (std::fabs(cents - rounded) > 1e-6 * std::max(1.0, std::fabs(cents)))
        return fail(QStringLiteral("must have at most two decimals"));
    return Money(static_cast<qint64>(rounded));
}

std::optional<Money> Money::fromDecimalString(const QString &text, QString *error)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^(-?)(\d{1,11})(?:\.(\d{1,2}))?$)"));
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    if (!match.hasMatch()) {
        if (error)
            *error = QStringLiteral("must be an amount with at most two decimals, like 19.99");
        return std::nullopt;
    }
    const QString fraction = match.captured(3).leftJustified(2, u'0');
    const qint64 cents = match.captured(2).toLongLong() * 100 + fraction.toLongLong();
    return Money(match.captured(1).isEmpty() ? cents : -cents);
}

QJsonValue Money::toJson() const
{
    return QJsonValue(static_cast<double>(m_cents) / 100.0);
}

QString Money::toDecimalString() const
{
    const qint64 absolute = m_cents < 0 ? -m_cents : m_cents;
    return QStringLiteral("%1%2.%3")
        .arg(m_cents < 0 ? QStringLiteral("-") : QString())
        .arg(absolute / 100)
        .arg(absolute % 100, 2, 10, QLatin1Char('0'));
}

} // namespace shop
