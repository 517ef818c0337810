#include "kafkaconsumer.h"

#include "core/log.h"
#include "kafkaconfig.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace shop {

namespace {

using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, decltype(&rd_kafka_topic_partition_list_destroy)>;

PartitionList onePartition(const IncomingMessage &message, qint64 offset)
{
    PartitionList list(rd_kafka_topic_partition_list_new(1), rd_kafka_topic_partition_list_destroy);
    rd_kafka_topic_partition_list_add(list.get(), message.topic.toUtf8().constData(), message.partition)->offset = offset;
    return list;
}

QString describe(const rd_kafka_topic_partition_list_t *partitions)
{
    QStringList names;
    for (int i = 0; i < partitions->cnt; ++i)
        names << QStringLiteral("%1[%2]").arg(QString::fromUtf8(partitions->elems[i].topic)).arg(partitions->elems[i].partition);
    return names.join(u", ");
}

} // namespace

struct KafkaConsumerCallbacks
{
    // Runs inside poll() on the consumer's thread, so no message of a revoked
    // partition is being handled: everything handled is marked by now.
    static void rebalance(rd_kafka_t *handle, rd_kafka_resp_err_t reason, rd_kafka_topic_partition_list_t *partitions,
                          void *opaque)
    {
        const bool isCooperative = std::strcmp(rd_kafka_rebalance_protocol(handle), "COOPERATIVE") == 0;
        if (reason == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
            log::info("kafka", QStringLiteral("partitions assigned"), {{QStringLiteral("partitions"), describe(partitions)}});
            if (isCooperative) {
                if (rd_kafka_error_t *error = rd_kafka_incremental_assign(handle, partitions))
                    rd_kafka_error_destroy(error);
            } else {
                rd_kafka_assign(handle, partitions);
            }
            return;
        }
        // Revoked (or lost): commit what was marked while we still own it; the
        // next owner starts right after our last finished message. (NULL:
        // the stored offsets; the list given here carries no offsets.)
        const rd_kafka_resp_err_t commit = rd_kafka_commit(handle, nullptr, 0);
        if (commit != RD_KAFKA_RESP_ERR_NO_ERROR && commit != RD_KAFKA_RESP_ERR__NO_OFFSET)
            log::warn("kafka", QStringLiteral("committing offsets of revoked partitions failed: %1")
                                   .arg(QString::fromUtf8(rd_kafka_err2str(commit))));
        log::info("kafka", QStringLiteral("partitions revoked"), {{QStringLiteral("partitions"), describe(partitions)}});
        auto &revoked = static_cast<KafkaConsumer *>(opaque)->m_revokedWhileCollecting;
        for (int i = 0; i < partitions->cnt; ++i)
            revoked.emplace_back(QString::fromUtf8(partitions->elems[i].topic), partitions->elems[i].partition);
        if (isCooperative) {
            if (rd_kafka_error_t *error = rd_kafka_incremental_unassign(handle, partitions))
                rd_kafka_error_destroy(error);
        } else {
            rd_kafka_assign(handle, nullptr);
        }
    }
};

QByteArray IncomingMessage::header(const QByteArray &name) const
{
    for (auto it = headers.rbegin(); it != headers.rend(); ++it)
        if (it->name == name)
            return it->value;
    return {};
}

IncomingMessage toIncomingMessage(const rd_kafka_message_t *raw)
{
    IncomingMessage incoming;
    incoming.topic = QString::fromUtf8(rd_kafka_topic_name(raw->rkt));
    incoming.partition = raw->partition;
    incoming.offset = raw->offset;
    if (raw->key)
        incoming.key = QByteArray(static_cast<const char *>(raw->key), static_cast<qsizetype>(raw->key_len));
    incoming.payload = raw->payload
        ? QByteArray(static_cast<const char *>(raw->payload), static_cast<qsizetype>(raw->len))
        : QByteArray("");
    rd_kafka_headers_t *headers = nullptr;
    if (rd_kafka_message_headers(raw, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char *name = nullptr;
        const void *value = nullptr;
        size_t size = 0;
        for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
            incoming.headers.push_back({QByteArray(name), value ? QByteArray(static_cast<const char *>(value), qsizetype(size))
                                                                : QByteArray()});
    }
    rd_kafka_timestamp_type_t timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    const int64_t timestamp = rd_kafka_message_timestamp(raw, &timestampType);
    if (timestampType != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE)
        incoming.timestamp = QDateTime::fromMSecsSinceEpoch(timestamp, Qt::UTC);
    return incoming;
}

KafkaConsumer::KafkaConsumer(const Options &options)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, logFromKafka);
    rd_kafka_conf_set_rebalance_cb(conf, KafkaConsumerCallbacks::rebalance);
    rd_kafka_conf_set_opaque(conf, this);
    const bool configured =
        setKafkaConfig(conf, "bootstrap.servers", options.bootstrapServers.toUtf8(), &m_setupError)
        && setKafkaConfig(conf, "group.id", options.groupId.toUtf8(), &m_setupError)
        && setKafkaConfig(conf, "client.id", options.clientId.toUtf8(), &m_setupError)
        // Offsets move only through markDone(); librdkafka commits them in the background.
        && setKafkaConfig(conf, "enable.auto.offset.store", "false", &m_setupError)
        && setKafkaConfig(conf, "enable.auto.commit", "true", &m_setupError)
        && setKafkaConfig(conf, "auto.commit.interval.ms", "1000", &m_setupError)
        // A new group starts at the beginning: orders placed before the first
        // daemon started are still to be processed.
        && setKafkaConfig(conf, "auto.offset.reset", "earliest", &m_setupError)
        // A member that died is noticed within 10 s and its partitions move.
        && setKafkaConfig(conf, "session.timeout.ms", "10000", &m_setupError)
        && setKafkaConfig(conf, "heartbeat.interval.ms", "2000", &m_setupError)
        && setKafkaConfig(conf, "max.poll.interval.ms", QByteArray::number(qint64(options.maxPollInterval.count())),
                          &m_setupError)
        && setKafkaConfig(conf, "reconnect.backoff.max.ms", "2000", &m_setupError);
    if (!configured) {
        rd_kafka_conf_destroy(conf);
        log::error("kafka", QStringLiteral("invalid consumer configuration: %1").arg(m_setupError));
        return;
    }
    char error[512] = {};
    m_handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error); // takes conf on success
    if (!m_handle) {
        m_setupError = QString::fromUtf8(error);
        rd_kafka_conf_destroy(conf);
        log::error("kafka", QStringLiteral("cannot create consumer: %1").arg(m_setupError));
        return;
    }
    rd_kafka_poll_set_consumer(m_handle);
    PartitionList subscription(rd_kafka_topic_partition_list_new(options.topics.size()),
                               rd_kafka_topic_partition_list_destroy);
    for (const QString &topic : options.topics)
        rd_kafka_topic_partition_list_add(subscription.get(), topic.toUtf8().constData(), RD_KAFKA_PARTITION_UA);
    if (const rd_kafka_resp_err_t failed = rd_kafka_subscribe(m_handle, subscription.get())) {
        m_setupError = QString::fromUtf8(rd_kafka_err2str(failed));
        log::error("kafka", QStringLiteral("cannot subscribe: %1").arg(m_setupError));
        rd_kafka_destroy(m_handle);
        m_handle = nullptr;
    }
}

KafkaConsumer::~KafkaConsumer()
{
    close();
    if (m_handle)
        rd_kafka_destroy(m_handle);
}

std::optional<IncomingMessage> KafkaConsumer::poll(std::chrono::milliseconds timeout)
{
    if (!m_handle || m_isClosed)
        return std::nullopt;
    rd_kafka_message_t *raw = rd_kafka_consumer_poll(m_handle, static_cast<int>(timeout.count()));
    if (!raw)
        return std::nullopt;
    std::unique_ptr<rd_kafka_message_t, decltype(&rd_kafka_message_destroy)> message(raw, rd_kafka_message_destroy);
    if (message->err) {
        if (message->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
            log::warn("kafka", QStringLiteral("consumer error: %1").arg(QString::fromUtf8(rd_kafka_message_errstr(raw))));
        return std::nullopt;
    }
    return toIncomingMessage(raw);
}

std::vector<IncomingMessage> KafkaConsumer::pollBatch(std::chrono::milliseconds timeout, int maxMessages)
{
    std::vector<IncomingMessage> batch;
    // A revocation is served inside a poll, before the message that poll
    // returns: what was collected earlier may belong to a partition that is
    // not ours any more, and its next owner starts at our last marked offset.
    const auto dropRevoked = [&] {
        std::erase_if(batch, [this](const IncomingMessage &message) {
            return std::find(m_revokedWhileCollecting.begin(), m_revokedWhileCollecting.end(),
                             std::pair(message.topic, message.partition))
                != m_revokedWhileCollecting.end();
        });
        m_revokedWhileCollecting.clear();
    };
    m_revokedWhileCollecting.clear();
    std::optional<IncomingMessage> next = poll(timeout);
    while (next) {
        const bool wasRevoked = !m_revokedWhileCollecting.empty();
        dropRevoked();
        batch.push_back(std::move(*next));
        if (wasRevoked || int(batch.size()) >= maxMessages)
            break;
        next = poll(std::chrono::milliseconds(0));
    }
    dropRevoked(); // a revocation in the last poll, which brought no message
    return batch;
}

void KafkaConsumer::markDone(const IncomingMessage &message)
{
    if (!m_handle)
        return;
    // Fails for a partition we no longer own: its new owner redoes the
    // message, which the processed-events check turns into a no-op.
    PartitionList list = onePartition(message, message.offset + 1);
    if (const rd_kafka_resp_err_t failed = rd_kafka_offsets_store(m_handle, list.get()))
        log::info("kafka", QStringLiteral("offset not stored: %1").arg(QString::fromUtf8(rd_kafka_err2str(failed))),
                  {{QStringLiteral("topic"), message.topic}, {QStringLiteral("partition"), message.partition}});
}

void KafkaConsumer::rewind(const IncomingMessage &message)
{
    if (!m_handle)
        return;
    PartitionList list = onePartition(message, message.offset);
    if (rd_kafka_error_t *error = rd_kafka_seek_partitions(m_handle, list.get(), 5000)) {
        log::warn("kafka", QStringLiteral("cannot rewind: %1").arg(QString::fromUtf8(rd_kafka_error_string(error))));
        rd_kafka_error_destroy(error);
    }
}

std::vector<PartitionLag> KafkaConsumer::lag() const
{
    std::vector<PartitionLag> result;
    rd_kafka_topic_partition_list_t *assigned = nullptr;
    if (!m_handle || rd_kafka_assignment(m_handle, &assigned) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return result;
    PartitionList owner(assigned, rd_kafka_topic_partition_list_destroy);
    rd_kafka_position(m_handle, assigned);
    for (int i = 0; i < assigned->cnt; ++i) {
        const rd_kafka_topic_partition_t &partition = assigned->elems[i];
        int64_t low = 0;
        int64_t high = 0;
        if (rd_kafka_get_watermark_offsets(m_handle, partition.topic, partition.partition, &low, &high)
                != RD_KAFKA_RESP_ERR_NO_ERROR
            || high < 0)
            continue;
        const int64_t position = partition.offset >= 0 ? partition.offset : low;
        result.push_back({QString::fromUtf8(partition.topic), partition.partition, std::max<qint64>(0, high - position)});
    }
    return result;
}

void KafkaConsumer::close()
{
    if (!m_handle || m_isClosed)
        return;
    m_isClosed = true;
    if (const rd_kafka_resp_err_t failed = rd_kafka_consumer_close(m_handle))
        log::warn("kafka", QStringLiteral("closing the consumer: %1").arg(QString::fromUtf8(rd_kafka_err2str(failed))));
}

} // namespace shop
