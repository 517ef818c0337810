#pragma once

#include "db/dbresult.h"
#include "events/stocklowevent.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QUuid>

#include <optional>

namespace shop {

class Database;

// A StockLow event as the outbox holds it: recordedAt is the row's
// created_at, on the database's clock.
struct StockLowAlert
{
    StockLowEvent event;
    QDateTime recordedAt;
};

// One look at the outbox: the StockLow rows asked for, newest first, and the
// database's clock at that moment (where the next look starts from).
struct StockLowAlerts
{
    QDateTime databaseNow;
    QList<StockLowAlert> alerts;
};

// Reads the StockLow rows of catalog.outbox (the manager window's
// notifications). Runs on the calling thread's connection.
class StockLowAlertRepository
{
public:
    explicit StockLowAlertRepository(Database &database);

    // Rows recorded after since, newest first, at most limit; only the clock
    // when since is nullopt. A payload that does not parse is left out.
    DbResult<StockLowAlerts> recordedSince(const std::optional<QDateTime> &since, int limit) const;

private:
    Database &m_database;
};

// Which StockLow alerts a watcher has not been shown yet. The outbox's
// created_at is its transaction's start, so a row may commit after a later
// one was already read: every look goes kLookbackSeconds back and the ids
// already shown are filtered out. Pure and single-threaded: the manager
// window owns one and hands it each look's answer.
class StockLowFeed
{
public:
    static constexpr int kLookbackSeconds = 60;
    static constexpr int kDefaultMaxRemembered = 2000;

    explicit StockLowFeed(int maxRemembered = kDefaultMaxRemembered);

    // Where the next look starts: nullopt before the first one, which only
    // reads the clock (alerts from before the window opened are not news).
    std::optional<QDateTime> since() const;
    // The alerts of this look not shown before, oldest first; remembers them.
    QList<StockLowEvent> takeNew(const StockLowAlerts &look);
    // Ids kept to filter repeats: at most maxRemembered, and none older than
    // the lookback (a look can no longer return those).
    int rememberedCount() const { return static_cast<int>(m_shown.size()); }

private:
    void forgetOld();

    int m_maxRemembered;
    std::optional<QDateTime> m_databaseNow;
    QHash<QUuid, QDateTime> m_shown; // eventId -> recordedAt
};

} // namespace shop
