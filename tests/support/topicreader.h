#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QProcessEnvironment>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QUuid>

#include <librdkafka/rdkafka.h>

#include <chrono>

// Reading back what the code under test published to the broker that
// tests/run started (SHOP_TEST_KAFKA_BOOTSTRAP). Link PkgConfig::RDKAFKA.
namespace testsupport {

inline QString kafkaBootstrap()
{
    return QProcessEnvironment::systemEnvironment().value(QStringLiteral("SHOP_TEST_KAFKA_BOOTSTRAP"));
}

struct ReceivedMessage
{
    QByteArray key;
    QByteArray payload;
    QHash<QByteArray, QByteArray> headers;
};

// Reads a topic from where each partition ended when the reader was made, so
// messages of earlier runs and other tests are never seen; the topic is
// shared, so callers pick their messages by eventId. Creates the topic (3
// partitions) if it is missing.
class TopicReader
{
public:
    explicit TopicReader(const QString &topic)
        : m_topic(topic.toUtf8())
    {
        char error[512] = {};
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        const QByteArray group = "shop-test-reader-" + QUuid::createUuid().toByteArray(QUuid::Id128);
        rd_kafka_conf_set(conf, "bootstrap.servers", kafkaBootstrap().toUtf8().constData(), error, sizeof error);
        rd_kafka_conf_set(conf, "group.id", group.constData(), error, sizeof error); // never joined: we assign
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", error, sizeof error);
        m_handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
        if (!m_handle) {
            m_error = QString::fromUtf8(error);
            rd_kafka_conf_destroy(conf);
            return;
        }
        rd_kafka_poll_set_consumer(m_handle);
        createTopic();
        assignAtEnd(partitionCount());
    }
    ~TopicReader()
    {
        if (m_handle) {
            rd_kafka_consumer_close(m_handle);
            rd_kafka_destroy(m_handle);
        }
    }
    TopicReader(const TopicReader &) = delete;
    TopicReader &operator=(const TopicReader &) = delete;

    const QString &error() const { return m_error; }

    // Messages by their eventId header, read until every wanted id was seen
    // (and a second longer, so a duplicate would show) or the timeout passed.
    QHash<QString, QList<ReceivedMessage>> readUntil(const QStringList &wanted, std::chrono::milliseconds timeout)
    {
        QHash<QString, QList<ReceivedMessage>> received;
        QSet<QString> missing(wanted.cbegin(), wanted.cend());
        QElapsedTimer clock;
        clock.start();
        qint64 settleUntil = -1;
        while (clock.elapsed() < timeout.count() && (settleUntil < 0 || clock.elapsed() < settleUntil)) {
            if (rd_kafka_message_t *message = rd_kafka_consumer_poll(m_handle, 100)) {
                if (!message->err) {
                    ReceivedMessage copy = toReceived(message);
                    const QString eventId = QString::fromUtf8(copy.headers.value("eventId"));
                    missing.remove(eventId);
                    received[eventId].append(copy);
                }
                rd_kafka_message_destroy(message);
            }
            if (missing.isEmpty() && settleUntil < 0)
                settleUntil = clock.elapsed() + 1000;
        }
        return received;
    }

private:
    static ReceivedMessage toReceived(const rd_kafka_message_t *message)
    {
        ReceivedMessage copy{QByteArray(static_cast<const char *>(message->key), qsizetype(message->key_len)),
                             QByteArray(static_cast<const char *>(message->payload), qsizetype(message->len)), {}};
        rd_kafka_headers_t *headers = nullptr;
        if (rd_kafka_message_headers(message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR)
            return copy;
        const char *name = nullptr;
        const void *value = nullptr;
        size_t size = 0;
        for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
            copy.headers.insert(name, QByteArray(static_cast<const char *>(value), qsizetype(size)));
        return copy;
    }

    void createTopic()
    {
        char error[512] = {};
        rd_kafka_NewTopic_t *newTopic = rd_kafka_NewTopic_new(m_topic.constData(), 3, 1, error, sizeof error);
        rd_kafka_queue_t *queue = rd_kafka_queue_new(m_handle);
        rd_kafka_CreateTopics(m_handle, &newTopic, 1, nullptr, queue);
        if (rd_kafka_event_t *event = rd_kafka_queue_poll(queue, 15000)) {
            size_t count = 0;
            const rd_kafka_topic_result_t **results =
                rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
            const rd_kafka_resp_err_t result = count == 1 ? rd_kafka_topic_result_error(results[0]) : rd_kafka_event_error(event);
            if (result != RD_KAFKA_RESP_ERR_NO_ERROR && result != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
                m_error = QStringLiteral("cannot create topic: ") + QString::fromUtf8(rd_kafka_err2str(result));
            rd_kafka_event_destroy(event);
        } else {
            m_error = QStringLiteral("no answer to CreateTopics");
        }
        rd_kafka_queue_destroy(queue);
        rd_kafka_NewTopic_destroy(newTopic);
    }

    int partitionCount()
    {
        int count = 0;
        rd_kafka_topic_t *topic = rd_kafka_topic_new(m_handle, m_topic.constData(), nullptr);
        for (int attempt = 0; attempt < 50 && count == 0 && m_error.isEmpty(); ++attempt) { // a new topic takes a moment
            const rd_kafka_metadata_t *metadata = nullptr;
            if (rd_kafka_metadata(m_handle, 0, topic, &metadata, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                if (metadata->topic_cnt == 1 && metadata->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR)
                    count = metadata->topics[0].partition_cnt;
                rd_kafka_metadata_destroy(metadata);
            }
            if (count == 0)
                QThread::msleep(200);
        }
        rd_kafka_topic_destroy(topic);
        if (count == 0 && m_error.isEmpty())
            m_error = QStringLiteral("no partitions for ") + QString::fromUtf8(m_topic);
        return count;
    }

    void assignAtEnd(int partitions)
    {
        if (!m_error.isEmpty())
            return;
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
        for (int partition = 0; partition < partitions && m_error.isEmpty(); ++partition) {
            int64_t low = 0;
            int64_t high = 0;
            rd_kafka_resp_err_t result = RD_KAFKA_RESP_ERR_NO_ERROR;
            for (int attempt = 0; attempt < 50; ++attempt) { // leaders of a new topic take a moment too
                result = rd_kafka_query_watermark_offsets(m_handle, m_topic.constData(), partition, &low, &high, 5000);
                if (result == RD_KAFKA_RESP_ERR_NO_ERROR)
                    break;
                QThread::msleep(200);
            }
            if (result != RD_KAFKA_RESP_ERR_NO_ERROR)
                m_error = QStringLiteral("no watermarks: ") + QString::fromUtf8(rd_kafka_err2str(result));
            rd_kafka_topic_partition_list_add(list, m_topic.constData(), partition)->offset = high;
        }
        if (m_error.isEmpty())
            rd_kafka_assign(m_handle, list);
        rd_kafka_topic_partition_list_destroy(list);
    }

    QByteArray m_topic;
    rd_kafka_t *m_handle = nullptr;
    QString m_error;
};

} // namespace testsupport
