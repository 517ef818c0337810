#pragma once

#include "kafkaproducer.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

struct rd_kafka_message_s;
struct rd_kafka_s;

namespace shop {

struct IncomingMessage
{
    QString topic;
    int partition = -1;
    qint64 offset = -1;
    QByteArray key; // null when the message had none
    QByteArray payload;
    std::vector<KafkaHeader> headers;
    QDateTime timestamp; // the producer's create time, when the broker kept one

    // The last header of that name, or a null QByteArray.
    QByteArray header(const QByteArray &name) const;
};

// Copies a message librdkafka delivered without error; also used by readers
// that assign partitions themselves (dead letters).
IncomingMessage toIncomingMessage(const rd_kafka_message_s *message);

struct PartitionLag
{
    QString topic;
    int partition = -1;
    qint64 lag = 0; // messages between our position and the partition's end
};

// A member of a consumer group, with the contract's guarantee built in:
// nothing is marked consumed until the caller says so with markDone(), which
// it calls only after its database transaction committed. Marked offsets are
// committed to the group every second and when partitions are taken away in
// a rebalance, so after a crash at most about a second of work is delivered
// again (and skipped by the processed-events check).
//
// Use from one thread: poll(), markDone() and rewind() run the rebalance
// callback on the calling thread, between messages, so a partition is never
// revoked while its message is being handled.
class KafkaConsumer
{
public:
    struct Options
    {
        QString bootstrapServers;
        QString groupId;
        QString clientId = QStringLiteral("shop");
        QStringList topics;
        // A consumer that does not call poll() for this long leaves the group;
        // handlers that call slow gateways need room.
        std::chrono::milliseconds maxPollInterval{std::chrono::minutes(5)};
    };

    explicit KafkaConsumer(const Options &options);
    ~KafkaConsumer(); // close()s if the caller did not
    KafkaConsumer(const KafkaConsumer &) = delete;
    KafkaConsumer &operator=(const KafkaConsumer &) = delete;

    bool isValid() const { return m_handle != nullptr; }
    const QString &setupError() const { return m_setupError; }

    // The next message, or nothing when none came within timeout.
    std::optional<IncomingMessage> poll(std::chrono::milliseconds timeout);
    // Up to maxMessages: the first within timeout, then what is already
    // fetched. Messages of a partition revoked while collecting are left out
    // (not handled, not marked: its next owner reads them), so a batch never
    // holds a message of a partition this member lost.
    std::vector<IncomingMessage> pollBatch(std::chrono::milliseconds timeout, int maxMessages);
    // The message is handled for good: the group may move past it.
    void markDone(const IncomingMessage &message);
    // Delivers this message (and the rest of its partition) again from the
    // broker: for work that could not be done now and must not be skipped.
    void rewind(const IncomingMessage &message);
    // Messages behind the end of each assigned partition, from the consumer's
    // cached view (no request to the broker).
    std::vector<PartitionLag> lag() const;
    // Commits what was marked and leaves the group, so its partitions move
    // to the other members at once instead of after the session timeout.
    void close();

private:
    friend struct KafkaConsumerCallbacks;

    rd_kafka_s *m_handle = nullptr;
    QString m_setupError;
    // Partitions revoked since pollBatch() began collecting (topic, partition).
    std::vector<std::pair<QString, int>> m_revokedWhileCollecting;
    bool m_isClosed = false;
};

} // namespace shop
