#pragma once

#include "core/errors.h"
#include "core/log.h"

#include <QSqlError>

namespace shop {

// Failures a retry can cure: lost connection, server shutting down or
// overloaded, deadlock or serialization victim.
inline bool isTransientDatabaseError(const QSqlError &error)
{
    const QString state = error.nativeErrorCode();
    return error.type() == QSqlError::ConnectionError || state.isEmpty() || state.startsWith(QLatin1String("08"))
        || state.startsWith(QLatin1String("40")) || state.startsWith(QLatin1String("53"))
        || state.startsWith(QLatin1String("57P"));
}

// What a service answers when the database failed it; the driver's text goes
// to the log only. Failures a retry can cure (lost connection, server
// shutting down or overloaded, deadlock or serialization victim) are 503;
// anything else is a bug or a broken invariant (500).
inline ServiceError databaseFailure(const char *logger, const QString &action, const QSqlError &error)
{
    log::error(logger, action + QStringLiteral(" failed"),
               {{QStringLiteral("error"), error.text()}, {QStringLiteral("sqlState"), error.nativeErrorCode()}});
    if (isTransientDatabaseError(error))
        return ServiceError::unavailable(QStringLiteral("the service is unavailable right now; try again shortly"));
    return ServiceError::internal();
}

} // namespace shop
