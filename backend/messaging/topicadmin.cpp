#include "topicadmin.h"

#include "kafkaconfig.h"

#include <librdkafka/rdkafka.h>

#include <memory>
#include <vector>

namespace shop {

namespace {

constexpr int kPartitions = 3;

} // namespace

bool ensureTopics(const QString &bootstrapServers, const KafkaNames &names, QString *error,
                  std::chrono::milliseconds timeout)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, logFromKafka);
    if (!setKafkaConfig(conf, "bootstrap.servers", bootstrapServers.toUtf8(), error)) {
        rd_kafka_conf_destroy(conf);
        return false;
    }
    char text[512] = {};
    rd_kafka_t *raw = rd_kafka_new(RD_KAFKA_PRODUCER, conf, text, sizeof text);
    if (!raw) {
        rd_kafka_conf_destroy(conf);
        *error = QString::fromUtf8(text);
        return false;
    }
    std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)> handle(raw, rd_kafka_destroy);

    QStringList wanted;
    for (const QString &topic : topics::all())
        wanted << names.topic(topic) << names.deadLetterTopic(topic);
    std::vector<rd_kafka_NewTopic_t *> newTopics;
    for (const QString &topic : wanted)
        newTopics.push_back(rd_kafka_NewTopic_new(topic.toUtf8().constData(), kPartitions, -1, text, sizeof text));

    rd_kafka_AdminOptions_t *options = rd_kafka_AdminOptions_new(raw, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_AdminOptions_set_request_timeout(options, static_cast<int>(timeout.count()), text, sizeof text);
    rd_kafka_queue_t *queue = rd_kafka_queue_new(raw);
    rd_kafka_CreateTopics(raw, newTopics.data(), newTopics.size(), options, queue);
    bool isOk = false;
    if (rd_kafka_event_t *event = rd_kafka_queue_poll(queue, static_cast<int>(timeout.count()) + 1000)) {
        if (rd_kafka_event_error(event)) {
            *error = QString::fromUtf8(rd_kafka_event_error_string(event));
        } else {
            size_t count = 0;
            const rd_kafka_topic_result_t **results =
                rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
            isOk = true;
            for (size_t i = 0; i < count; ++i) {
                const rd_kafka_resp_err_t result = rd_kafka_topic_result_error(results[i]);
                if (result != RD_KAFKA_RESP_ERR_NO_ERROR && result != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
                    isOk = false;
                    *error = QStringLiteral("%1: %2").arg(QString::fromUtf8(rd_kafka_topic_result_name(results[i])),
                                                          QString::fromUtf8(rd_kafka_err2str(result)));
                }
            }
        }
        rd_kafka_event_destroy(event);
    } else {
        *error = QStringLiteral("the broker did not answer CreateTopics");
    }
    rd_kafka_queue_destroy(queue);
    rd_kafka_AdminOptions_destroy(options);
    rd_kafka_NewTopic_destroy_array(newTopics.data(), newTopics.size());
    return isOk;
}

} // namespace shop
