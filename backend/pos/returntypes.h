#pragma once

#include "core/money.h"
#include "orders/refundrepository.h" // ReturnableItem

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

// A return at the till as the till sees it, free of SQL and widgets.
namespace shop {

// Who stands at which till.
struct TillActor
{
    QString terminal; // the terminal's name (pos.terminals)
    QString cashier;  // the username logged in at the till
};

// A manager's username and password typed at the till.
struct ManagerCredentials
{
    QString username;
    QByteArray password;
};

// A sale found by its receipt or order number, with what can still be returned.
struct ReturnableSale
{
    QUuid orderId;
    QString orderNumber;
    std::optional<qint64> receiptNumber; // a till sale's (pos.sales); a web order has none
    bool isCash = false;                 // else the card (the gateway) gets the money back
    QList<ReturnableItem> items;

    bool isFullyReturned() const;
};

// One item brought back: which order item, how many.
struct ReturnLine
{
    QUuid orderItemId;
    int quantity = 0;
};

struct ReturnRequest
{
    TillActor till;
    QString orderNumber;
    QList<ReturnLine> lines;
    QString reason; // optional; "returned at the till" when empty
    std::optional<ManagerCredentials> manager; // needed above the limit
};

// A return taken: what the return receipt says.
struct ReturnOutcome
{
    QUuid refundId;
    QString orderNumber;
    std::optional<qint64> receiptNumber;
    bool isCash = false;
    QList<std::pair<ReturnableItem, int>> lines; // the item, how many came back
    Money amount;
    QString cashier;
    QString authorisedBy; // empty when no authorisation was needed
    QDateTime at;
};

} // namespace shop
