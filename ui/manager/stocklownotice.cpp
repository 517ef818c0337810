#include "stocklownotice.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>

#include <limits>

namespace shop {

StockLowNotice::StockLowNotice(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel)
{
    setObjectName(QStringLiteral("stockLowNotice"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("#stockLowNotice { background: #fff4e5; border: 1px solid #f0a040; border-radius: 4px; }"));
    m_text->setObjectName(QStringLiteral("stockLowNoticeText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    auto *show = new QPushButton(tr("Show low stock"));
    show->setObjectName(QStringLiteral("showLowStock"));
    auto *dismiss = new QPushButton(tr("Dismiss"));
    dismiss->setObjectName(QStringLiteral("dismissLowStock"));
    connect(show, &QPushButton::clicked, this, &StockLowNotice::showRequested);
    connect(dismiss, &QPushButton::clicked, this, &StockLowNotice::dismiss);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(show);
    layout->addWidget(dismiss);
    hide();
}

void StockLowNotice::addAlerts(const QList<StockLowEvent> &events)
{
    if (events.isEmpty())
        return;
    for (const StockLowEvent &event : events) {
        m_latest.prepend(tr("%1 %2: %3 left (reorder level %4)")
                             .arg(event.sku, event.name, QLocale().toString(event.stock),
                                  QLocale().toString(event.reorderLevel)));
    }
    m_latest = m_latest.mid(0, kProductsNamed);
    const int added = static_cast<int>(qMin<qsizetype>(events.size(), std::numeric_limits<int>::max() - m_unseen));
    m_unseen += added;
    const qsizetype unnamed = m_unseen - m_latest.size();
    const QString heading = m_unseen == 1 ? tr("Low stock: a product reached its reorder level.")
                                          : tr("Low stock: %1 new alerts of products at their reorder level.").arg(m_unseen);
    QString text = heading + u'\n' + m_latest.join(u'\n');
    if (unnamed > 0)
        text += u'\n' + tr("…and %1 more").arg(unnamed);
    m_text->setText(text);
    show();
    Q_EMIT unseenCountChanged(m_unseen);
}

QString StockLowNotice::badgeText(int count)
{
    if (count <= 0)
        return {};
    return count > 99 ? QStringLiteral("99+") : QString::number(count);
}

void StockLowNotice::dismiss()
{
    m_unseen = 0;
    m_latest.clear();
    hide();
    Q_EMIT unseenCountChanged(0);
}

} // namespace shop
