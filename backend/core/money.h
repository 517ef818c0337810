#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

namespace shop {

// An amount in minor units (cents). Never floating point inside the program.
class Money
{
public:
    constexpr Money() = default;
    static constexpr Money fromCents(qint64 cents) { return Money(cents); }

    // A JSON number with at most two decimals; nullopt (with the reason) otherwise.
    static std::optional<Money> fromJson(const QJsonValue &value, QString *error = nullptr);
    // "19.99", "5", "0.5": at most two decimals, no exponent.
    static std::optional<Money> fromDecimalString(const QString &text, QString *error = nullptr);

    constexpr qint64 cents() const { return m_cents; }
    // A JSON number whose shortest decimal form is the exact amount (19.99).
    QJsonValue toJson() const;
    // Always two decimals: "19.90".
    QString toDecimalString() const;

    constexpr Money operator+(Money other) const { return Money(m_cents + other.m_cents); }
    constexpr Money operator*(qint64 quantity) const { return Money(m_cents * quantity); }
    constexpr auto operator<=>(const Money &) const = default;

private:
    constexpr explicit Money(qint64 cents) : m_cents(cents) {}
    qint64 m_cents = 0;
};

} // namespace shop
