#include "deadletters.h"

#include "core/clock.h"
#include "kafkaconfig.h"

#include <librdkafka/rdkafka.h>

#include <QHash>
#include <QThread>

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>

namespace shop {

namespace {

using Deadline = std::chrono::steady_clock::time_point;
using Handle = std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)>;
using Metadata = std::unique_ptr<const rd_kafka_metadata_t, decltype(&rd_kafka_metadata_destroy)>;

int millisecondsLeft(Deadline deadline)
{
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<qint64>(1, left.count()));
}

QString kafkaError(rd_kafka_resp_err_t code)
{
    return QString::fromUtf8(rd_kafka_err2str(code));
}

// A consumer that is only ever assigned partitions: it never joins a group,
// so it takes nothing from running consumers and commits nothing.
Handle openReader(const QString &bootstrapServers, QString *error)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, logFromKafka);
    const bool configured = setKafkaConfig(conf, "bootstrap.servers", bootstrapServers.toUtf8(), error)
        && setKafkaConfig(conf, "client.id", "shop-dlt-reader", error)
        && setKafkaConfig(conf, "group.id", "shop-dlt-reader", error) // librdkafka wants one; never joined
        && setKafkaConfig(conf, "enable.auto.commit", "false", error)
        // An end reached is reported even when the last offsets hold no message.
        && setKafkaConfig(conf, "enable.partition.eof", "true", error);
    if (!configured) {
        rd_kafka_conf_destroy(conf);
        return {nullptr, rd_kafka_destroy};
    }
    char text[512] = {};
    rd_kafka_t *handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, text, sizeof text);
    if (!handle) {
        rd_kafka_conf_destroy(conf);
        *error = QString::fromUtf8(text);
        return {nullptr, rd_kafka_destroy};
    }
    rd_kafka_poll_set_consumer(handle);
    return {handle, rd_kafka_destroy};
}

// The end offset of each partition that has messages, as it is now. Missing
// topic: no partitions (nothing was ever dead-lettered there).
bool findEnds(rd_kafka_t *handle, const QByteArray &topic, Deadline deadline, std::map<int, qint64> &ends,
              QString *error)
{
    for (;;) {
        ends.clear();
        rd_kafka_topic_t *topicHandle = rd_kafka_topic_new(handle, topic.constData(), nullptr);
        const rd_kafka_metadata_t *raw = nullptr;
        const rd_kafka_resp_err_t asked = rd_kafka_metadata(handle, 0, topicHandle, &raw, millisecondsLeft(deadline));
        rd_kafka_topic_destroy(topicHandle);
        if (asked != RD_KAFKA_RESP_ERR_NO_ERROR) {
            *error = QStringLiteral("no answer from the broker: %1").arg(kafkaError(asked));
            return false;
        }
        const Metadata metadata(raw, rd_kafka_metadata_destroy);
        rd_kafka_resp_err_t failed = metadata->topic_cnt == 1 ? metadata->topics[0].err : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC;
        if (failed == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
            return true;
        for (int i = 0; failed == RD_KAFKA_RESP_ERR_NO_ERROR && i < metadata->topics[0].partition_cnt; ++i) {
            const int partition = metadata->topics[0].partitions[i].id;
            int64_t low = 0;
            int64_t high = 0;
            failed = rd_kafka_query_watermark_offsets(handle, topic.constData(), partition, &low, &high,
                                                      millisecondsLeft(deadline));
            if (failed == RD_KAFKA_RESP_ERR_NO_ERROR && high > low)
                ends[partition] = high;
        }
        if (failed == RD_KAFKA_RESP_ERR_NO_ERROR)
            return true;
        // A topic created a moment ago may not have its leaders yet.
        if (std::chrono::steady_clock::now() + std::chrono::milliseconds(200) >= deadline) {
            *error = QStringLiteral("cannot find the end of %1: %2").arg(QString::fromUtf8(topic), kafkaError(failed));
            return false;
        }
        QThread::msleep(200);
    }
}

// Reads each partition from its beginning up to its end in ends.
bool readToEnds(rd_kafka_t *handle, const QByteArray &topic, const std::map<int, qint64> &ends, Deadline deadline,
                std::vector<DeadLetter> &letters, QString *error)
{
    std::unique_ptr<rd_kafka_topic_partition_list_t, decltype(&rd_kafka_topic_partition_list_destroy)> assignment(
        rd_kafka_topic_partition_list_new(static_cast<int>(ends.size())), rd_kafka_topic_partition_list_destroy);
    for (const auto &[partition, end] : ends)
        rd_kafka_topic_partition_list_add(assignment.get(), topic.constData(), partition)->offset = RD_KAFKA_OFFSET_BEGINNING;
    if (const rd_kafka_resp_err_t failed = rd_kafka_assign(handle, assignment.get())) {
        *error = QStringLiteral("cannot read %1: %2").arg(QString::fromUtf8(topic), kafkaError(failed));
        return false;
    }
    std::map<int, qint64> unfinished = ends;
    QString lastError;
    while (!unfinished.empty()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            *error = QStringLiteral("%1 not read to its end in time (%2 of %3 partitions unfinished)%4")
                         .arg(QString::fromUtf8(topic)).arg(unfinished.size()).arg(ends.size())
                         .arg(lastError.isEmpty() ? QString() : QStringLiteral(": ") + lastError);
            return false;
        }
        rd_kafka_message_t *raw = rd_kafka_consumer_poll(handle, std::min(200, millisecondsLeft(deadline)));
        if (!raw)
            continue;
        const std::unique_ptr<rd_kafka_message_t, decltype(&rd_kafka_message_destroy)> message(raw, rd_kafka_message_destroy);
        const auto partition = unfinished.find(raw->partition);
        if (raw->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (partition != unfinished.end())
                unfinished.erase(partition);
            continue;
        }
        if (raw->err) {
            lastError = QString::fromUtf8(rd_kafka_message_errstr(raw)); // librdkafka retries on its own
            continue;
        }
        if (partition == unfinished.end() || raw->offset >= partition->second)
            continue; // arrived after we started: not part of this listing
        letters.push_back({toIncomingMessage(raw)});
        if (raw->offset + 1 >= partition->second)
            unfinished.erase(partition);
    }
    return true;
}

} // namespace

QDateTime DeadLetter::failedAt() const
{
    return QDateTime::fromString(text(deadLetterHeaders::failedAt), Qt::ISODateWithMs);
}

DeadLetterTopic::DeadLetterTopic(QString bootstrapServers, const KafkaNames &names, const QString &topic)
    : m_bootstrapServers(std::move(bootstrapServers))
    , m_name(names.deadLetterTopic(topic))
    , m_replayTopic(names.topic(topic))
{
}

DeadLetterList DeadLetterTopic::readAll(std::chrono::milliseconds timeout) const
{
    const Deadline deadline = std::chrono::steady_clock::now() + timeout;
    const QByteArray topic = m_name.toUtf8();
    DeadLetterList result;
    Handle handle = openReader(m_bootstrapServers, &result.error);
    if (!handle)
        return result;
    std::map<int, qint64> ends;
    if (findEnds(handle.get(), topic, deadline, ends, &result.error) && !ends.empty())
        readToEnds(handle.get(), topic, ends, deadline, result.letters, &result.error);
    rd_kafka_consumer_close(handle.get());

    // Oldest first across partitions; within one partition offsets decide.
    std::stable_sort(result.letters.begin(), result.letters.end(), [](const DeadLetter &a, const DeadLetter &b) {
        const qint64 aTime = a.timestamp.isValid() ? a.timestamp.toMSecsSinceEpoch() : 0;
        const qint64 bTime = b.timestamp.isValid() ? b.timestamp.toMSecsSinceEpoch() : 0;
        return std::tie(aTime, a.partition, a.offset) < std::tie(bTime, b.partition, b.offset);
    });
    return result;
}

std::vector<DeliveryReport> DeadLetterTopic::replay(KafkaProducer &producer, const std::vector<DeadLetter> &letters) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    std::vector<OutgoingMessage> messages;
    messages.reserve(letters.size());
    for (const DeadLetter &letter : letters)
        messages.push_back(replayMessage(letter, m_replayTopic, now));
    return producer.produceAndWait(messages);
}

OutgoingMessage replayMessage(const DeadLetter &letter, const QString &topic, const QDateTime &replayedAt)
{
    OutgoingMessage message;
    message.topic = topic;
    message.key = letter.key;
    message.payload = letter.payload;
    for (const KafkaHeader &header : letter.headers)
        if (!header.name.startsWith(deadLetterHeaders::prefix)) // also an earlier replay's dlt-replayed-at
            message.headers.push_back(header);
    message.headers.push_back({deadLetterHeaders::replayedAt, toIsoUtc(replayedAt).toUtf8()});
    return message;
}

std::vector<DeadLetter> newestPerEvent(const std::vector<DeadLetter> &letters)
{
    QHash<QString, size_t> newest;
    for (size_t i = 0; i < letters.size(); ++i)
        if (const QString id = letters[i].eventId(); !id.isEmpty())
            newest.insert(id, i);
    std::vector<DeadLetter> kept;
    for (size_t i = 0; i < letters.size(); ++i)
        if (const QString id = letters[i].eventId(); id.isEmpty() || newest.value(id) == i)
            kept.push_back(letters[i]);
    return kept;
}

} // namespace shop
