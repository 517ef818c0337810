#include "receiptprintqueue.h"

namespace shop {

ReceiptPrintQueue::ReceiptPrintQueue(std::unique_ptr<PrinterTransport> transport, int maxPending, QObject *parent)
    : QObject(parent)
    , m_transport(std::move(transport))
    , m_maxPending(maxPending)
{
    m_thread.start();
}

ReceiptPrintQueue::~ReceiptPrintQueue()
{
    m_thread.stop();
}

bool ReceiptPrintQueue::submit(const QString &what, const QByteArray &bytes)
{
    int pending = m_pending.load();
    do {
        if (pending >= m_maxPending)
            return false;
    } while (!m_pending.compare_exchange_weak(pending, pending + 1));
    m_thread.post([this, what, bytes] { print(what, bytes); });
    return true;
}

void ReceiptPrintQueue::print(const QString &what, const QByteArray &bytes)
{
    if (m_thread.isStopping()) {
        --m_pending;
        return;
    }
    const Result<Done> sent = m_transport->send(bytes);
    // Room for the next printout before anyone hears of this one.
    --m_pending;
    if (sent)
        Q_EMIT printed(what);
    else
        Q_EMIT failed(what, sent.error().detail);
}

} // namespace shop
