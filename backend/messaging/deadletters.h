#pragma once

#include "kafkaconsumer.h"
#include "kafkanames.h"
#include "kafkaproducer.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <chrono>
#include <vector>

namespace shop {

// Headers EventConsumer adds when it dead-letters a message, and the one a
// replay adds. Every one starts with "dlt-", which is how a replay finds them.
namespace deadLetterHeaders {
inline const QByteArray prefix = QByteArrayLiteral("dlt-");
inline const QByteArray reason = QByteArrayLiteral("dlt-reason"); // invalid | processing-failed
inline const QByteArray error = QByteArrayLiteral("dlt-error");
inline const QByteArray originalTopic = QByteArrayLiteral("dlt-original-topic");
inline const QByteArray originalPartition = QByteArrayLiteral("dlt-original-partition");
inline const QByteArray originalOffset = QByteArrayLiteral("dlt-original-offset");
inline const QByteArray failedAt = QByteArrayLiteral("dlt-failed-at");
inline const QByteArray consumerGroup = QByteArrayLiteral("dlt-consumer-group");
inline const QByteArray replayedAt = QByteArrayLiteral("dlt-replayed-at");
} // namespace deadLetterHeaders

// One message of a dead-letter topic: where it sits in the DLT (topic,
// partition, offset), the original key, payload and headers, and why it is
// there.
struct DeadLetter : IncomingMessage
{
    QString eventId() const { return text(QByteArrayLiteral("eventId")); }
    QString eventType() const { return text(QByteArrayLiteral("eventType")); }
    QString reason() const { return text(deadLetterHeaders::reason); }
    QString error() const { return text(deadLetterHeaders::error); }
    QString originalTopic() const { return text(deadLetterHeaders::originalTopic); } // the cluster's name
    // Invalid when the header is missing or not an ISO-8601 time.
    QDateTime failedAt() const;

private:
    QString text(const QByteArray &name) const { return QString::fromUtf8(header(name)); }
};

struct DeadLetterList
{
    std::vector<DeadLetter> letters; // oldest first
    QString error;                   // set when the DLT could not be read to its end
};

// The dead letters of one contract topic ("orders.created"): reading
// "<topic>.DLT" and re-publishing its messages to "<topic>", both under the
// kafka-namespace of names.
class DeadLetterTopic
{
public:
    DeadLetterTopic(QString bootstrapServers, const KafkaNames &names, const QString &topic);

    const QString &name() const { return m_name; }               // the DLT, e.g. "staging.orders.created.DLT"
    const QString &replayTopic() const { return m_replayTopic; } // e.g. "staging.orders.created"

    // Every message from the beginning of each partition to the end it had
    // when reading started, without joining a consumer group (so no offsets
    // are committed and nothing is taken from a running consumer). A DLT that
    // does not exist yet is empty. Stops with an error when the broker does
    // not answer or the end is not reached within timeout.
    DeadLetterList readAll(std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

    // Publishes the letters to replayTopic() and waits for the broker's
    // acknowledgements; reports[i] is letters[i]'s. Safe to repeat: consumers
    // skip eventIds they have processed.
    std::vector<DeliveryReport> replay(KafkaProducer &producer, const std::vector<DeadLetter> &letters) const;

private:
    QString m_bootstrapServers;
    QString m_name;
    QString m_replayTopic;
};

// What a replay sends: the original key, payload and headers, without the
// dlt-* headers, plus dlt-replayed-at so the consumer's logs can tell a replay.
OutgoingMessage replayMessage(const DeadLetter &letter, const QString &topic, const QDateTime &replayedAt);

// One letter per eventId, the newest: a replayed message that failed again
// is in the DLT twice, and replaying both would double it on every round.
// Letters without an eventId are all kept. Order is kept.
std::vector<DeadLetter> newestPerEvent(const std::vector<DeadLetter> &letters);

} // namespace shop
