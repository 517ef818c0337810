#pragma once

#include "messaging/outboxrepository.h"

#include <QJsonObject>

namespace shop {

// The outbox component of serve's readiness: how many OrderCreated events
// wait for the broker and for how long. Informational: checkouts go on while
// the relay is behind, so a backlog never makes serve unready (see
// docs/operations.md, "Health and readiness"). DELAYED once the oldest row
// is older than ShopOutboxBacklogOld's 60 s, so a look at the readiness body
// tells what the alert says; UNKNOWN if the count could not be read.
inline QJsonObject outboxHealth(const DbResult<OutboxBacklog> &backlog)
{
    if (!backlog)
        return {{QStringLiteral("status"), QStringLiteral("UNKNOWN")}};
    constexpr double kDelayedAfterSeconds = 60;
    return {{QStringLiteral("status"), backlog->oldestUnsentAgeSeconds > kDelayedAfterSeconds ? QStringLiteral("DELAYED")
                                                                                              : QStringLiteral("UP")},
            {QStringLiteral("details"),
             QJsonObject{{QStringLiteral("unsent"), backlog->unsentCount},
                         {QStringLiteral("oldestUnsentAgeSeconds"), qRound64(backlog->oldestUnsentAgeSeconds)}}}};
}

} // namespace shop
