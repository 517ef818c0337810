#pragma once

#include <QObject>

class QSocketNotifier;

namespace shop {

// Turns SIGTERM and SIGINT into a Qt signal on the main thread (a signal
// handler may only write to a pipe; the event loop does the rest).
class SignalWatcher : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void stopRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace shop
