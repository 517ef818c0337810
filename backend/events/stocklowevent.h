#pragma once

#include "core/errors.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUuid>

#include <optional>

namespace shop {

// The StockLow event (topic stock.low, key = productId): a stock change took
// a product from above its reorder level to at or below it. Written to
// catalog.outbox in the transaction of that change (checkout, a till sale, a
// manager's adjustment or product update), once per crossing: sales further
// below the level write nothing until a restock lifts the stock above it.
struct StockLowEvent
{
    static constexpr const char *kTopic = "stock.low";
    static constexpr const char *kType = "STOCK_LOW";
    static constexpr const char *kVersion = "1.0";

    // What changed the stock (the cause field).
    static constexpr const char *kCauseSale = "SALE";
    static constexpr const char *kCauseAdjustment = "ADJUSTMENT";
    static constexpr const char *kCauseProductUpdate = "PRODUCT_UPDATE";

    QUuid eventId;
    QDateTime timestamp; // when the stock changed
    QString correlationId;
    QUuid productId;
    QString sku;
    QString name;
    qint64 previousStock = 0;
    qint64 stock = 0;
    qint64 reorderLevel = 0;
    bool isDefaultLevel = false; // the product has no level of its own: the setting's
    QString cause;

    // The exact bytes the outbox stores and the relay publishes.
    QByteArray toJson() const;
    // Unknown fields are ignored; any 1.x eventVersion is accepted; a
    // Validation error names each bad field.
    static Result<StockLowEvent> parse(const QByteArray &json);
};

// One product's stock around one change, read while its row was locked.
struct StockChange
{
    QUuid productId;
    QString sku;
    QString name;
    qint64 before = 0;
    qint64 after = 0;
    std::optional<qint64> ownLevel; // nullopt: the default applies
};

// A change crosses the level when it goes from above it to at or below it;
// a change that starts at or below (a second sale) or ends above does not.
inline bool crossesReorderLevel(qint64 before, qint64 after, qint64 level)
{
    return before > level && after <= level;
}

// The event for a change that crosses its reorder level (the product's own,
// or defaultLevel), with a new eventId; nullopt for any other change.
std::optional<StockLowEvent> stockLowCrossing(const StockChange &change, qint64 defaultLevel, const char *cause,
                                              const QDateTime &now, const QString &correlationId);

} // namespace shop
