#pragma once

#include "checkout/idempotencystore.h"
#include "db/dbresult.h"
#include "events/ordercreatedevent.h"
#include "messaging/outboxwriter.h"

#include <QDate>

namespace shop {

class Database;

// A cart line with its product row locked for the checkout transaction:
// line.priceSnapshot is the cart's price, currentPrice the product's now.
struct LockedLine
{
    OrderLine line;
    int inventoryQuantity = 0; // before this checkout took its share
    bool isActive = false;
    Money currentPrice;
    std::optional<qint64> reorderLevel = std::nullopt; // the product's own; nullopt: the default

    bool priceChanged() const { return line.priceSnapshot != currentPrice; }
};

// What the first statement of a checkout found: whether the key's advisory
// lock was free, and, only when the key was claimed, the order number
// allocated for it and the session's live cart (locked), if any.
struct CheckoutStart
{
    bool admitted = false;
    bool claimed = false;
    QString orderNumber;
    std::optional<QUuid> cartId;
};

// The cart's lines under their product row locks, and whether their stock
// was taken: only when every line is sellable as it stands (active, in
// stock, at the cart's price); otherwise nothing changed.
struct TakenLines
{
    QList<LockedLine> lines;
    bool taken = false;
};

// The SQL of the checkout transaction, three statements on the path that
// places an order (start, takeStock, finish), so product rows stay locked
// for two round trips and the commit. Runs on the calling thread's
// connection inside the caller's transaction and answers its rows or the
// driver's error.
class CheckoutRepository
{
public:
    explicit CheckoutRepository(Database &database);

    // The key's advisory lock (without waiting), its claim as IN_PROGRESS
    // (replacing an expired record), an order number from the sequence
    // (gaps allowed) and the live cart's row lock, in one statement; the
    // claim, the number and the lock only when the step before succeeded.
    DbResult<CheckoutStart> start(const QString &key, const QString &fingerprint, const QString &sessionId,
                                  const QDateTime &now);
    // Locks the cart's products in id order (every checkout takes its locks
    // in the same global order, so carts sharing products wait for each
    // other but never deadlock), and takes each line's quantity off its
    // product's stock if every line can be sold. Call with the cart locked
    // (start), so its lines cannot change meanwhile.
    DbResult<TakenLines> takeStock(const QUuid &cartId, const QDateTime &now);
    // The order's outbox row, its stock reservations (what a failed payment
    // or a cancellation gives back), the key's completion with the answer,
    // and the cart's removal, in one statement.
    DbResult<Done> finish(const OutboxMessage &created, const QUuid &cartId, const QString &key,
                          const StoredResponse &response);

private:
    Database &m_database;
};

} // namespace shop
