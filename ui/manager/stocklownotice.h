#pragma once

#include "events/stocklowevent.h"

#include <QFrame>
#include <QStringList>

class QLabel;

namespace shop {

// The banner over the manager window's screens that tells of products that
// just ran low, until the manager dismisses it. Counts the alerts not yet
// dismissed (the dashboard's badge) and names the latest few products.
class StockLowNotice : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StockLowNotice)

public:
    static constexpr int kProductsNamed = 4;

    explicit StockLowNotice(QWidget *parent = nullptr);

    void addAlerts(const QList<StockLowEvent> &events);
    int unseenCount() const { return m_unseen; }
    // The badge text for a count: empty for none, "99+" past 99.
    static QString badgeText(int count);

Q_SIGNALS:
    void unseenCountChanged(int count);
    void showRequested();

private:
    void dismiss();

    int m_unseen = 0;
    QStringList m_latest; // newest first, at most kProductsNamed
    QLabel *m_text = nullptr;
};

} // namespace shop
