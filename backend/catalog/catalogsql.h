#pragma once

#include <QSqlError>
#include <QString>
#include <QUuid>
#include <QVariant>

#include <optional>

// Small helpers the catalog repositories share for binding values and
// reading PostgreSQL errors. Internal to backend/catalog.
namespace shop::catalog::sql {

// A typed NULL when absent.
inline QVariant text(const std::optional<QString> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<QString>());
}

template<typename T>
QVariant orNull(const std::optional<T> &value)
{
    return value ? QVariant::fromValue(*value) : QVariant(QMetaType::fromType<T>());
}

inline std::optional<QString> optionalText(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<QString>(value.toString());
}

// QPSQL reports the SQLSTATE as the native error code; the constraint name
// appears quoted in the server's message whatever its language.
inline bool violates(const QSqlError &error, const char *sqlState, const char *constraint)
{
    return error.nativeErrorCode() == QLatin1String(sqlState)
        && error.databaseText().contains(u'"' + QLatin1String(constraint) + u'"');
}

inline constexpr const char *kUniqueViolation = "23505";
inline constexpr const char *kForeignKeyViolation = "23503";

} // namespace shop::catalog::sql
