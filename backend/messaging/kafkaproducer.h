#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <atomic>
#include <chrono>
#include <functional>
#include <vector>

struct rd_kafka_s;

namespace shop {

struct KafkaHeader
{
    QByteArray name;
    QByteArray value;
};

struct OutgoingMessage
{
    QString topic;
    QByteArray key; // a null QByteArray sends a null key (dead letters keep the original's)
    QByteArray payload;
    std::vector<KafkaHeader> headers;
};

// The headers every event of the contract carries.
std::vector<KafkaHeader> eventHeaders(const QString &eventId, const QString &eventType, const QString &correlationId);

struct DeliveryReport
{
    bool isDelivered = false;
    QString error; // set when not delivered
    int partition = -1;
    qint64 offset = -1;
};

// A librdkafka producer configured for the outbox guarantee: idempotent,
// acks from all in-sync replicas, so a delivery report that says "delivered"
// means the broker has the message exactly once, in order per partition.
//
// Delivery callbacks run on whichever thread calls poll() or flush(); they
// must be cheap and thread-safe if several threads poll. The producer itself
// may be used from several threads.
class KafkaProducer
{
public:
    struct Options
    {
        QString bootstrapServers;
        QString clientId = QStringLiteral("shop");
        // Upper bound for a message to be delivered or reported failed,
        // retries included; also bounds how long a caller waits for a report.
        std::chrono::milliseconds messageTimeout{30000};
    };
    using DeliveryCallback = std::function<void(const DeliveryReport &)>;

    explicit KafkaProducer(const Options &options);
    ~KafkaProducer(); // drops callbacks still pending, without calling them
    KafkaProducer(const KafkaProducer &) = delete;
    KafkaProducer &operator=(const KafkaProducer &) = delete;

    bool isValid() const { return m_handle != nullptr; }
    const QString &setupError() const { return m_setupError; }
    std::chrono::milliseconds messageTimeout() const { return m_messageTimeout; }

    // Queues the message. On success onDelivery is called exactly once, from
    // a later poll()/flush(); on failure (returns false) it is never called.
    bool produce(const OutgoingMessage &message, DeliveryCallback onDelivery, QString *error = nullptr);

    // Produces every message and waits until each has its report, so the
    // caller can act on "the broker has it" (mark an outbox row sent, commit
    // an offset). Bounded by the message timeout; reports[i] is messages[i]'s.
    // Once giveUp() answers true, messages not yet sent fail at once instead.
    // It polls, so callbacks of other messages may run on the calling thread.
    std::vector<DeliveryReport> produceAndWait(const std::vector<OutgoingMessage> &messages,
                                               const std::function<bool()> &giveUp = {});

    // Looks the topics up now (leaders, connections), so the first message
    // to each does not pay a few hundred milliseconds for it. Best effort.
    void warmUp(const QStringList &topics, std::chrono::milliseconds timeout);

    // Serves delivery reports and errors; returns how many events were served.
    int poll(std::chrono::milliseconds timeout);
    // Waits until every queued message has its delivery report; false on timeout.
    bool flush(std::chrono::milliseconds timeout);
    // Fails messages not yet sent to a broker (their reports arrive at the
    // next poll). Used to stop promptly while the broker is unreachable;
    // messages already in flight are left alone so no acknowledgement is lost.
    void purgeQueued();

private:
    friend struct KafkaProducerCallbacks; // librdkafka's C callbacks, in the .cpp

    rd_kafka_s *m_handle = nullptr;
    QString m_setupError;
    std::chrono::milliseconds m_messageTimeout;
    std::atomic<bool> m_isClosing{false};
};

} // namespace shop
