#include "kafkaproducer.h"

#include "core/log.h"
#include "kafkaconfig.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace shop {

struct KafkaProducerCallbacks
{
    // rkmessage->_private is the heap-allocated DeliveryCallback given to produce().
    static void delivered(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque)
    {
        std::unique_ptr<KafkaProducer::DeliveryCallback> callback(
            static_cast<KafkaProducer::DeliveryCallback *>(message->_private));
        if (!callback || static_cast<KafkaProducer *>(opaque)->m_isClosing)
            return;
        DeliveryReport report;
        report.isDelivered = message->err == RD_KAFKA_RESP_ERR_NO_ERROR;
        if (!report.isDelivered)
            report.error = QString::fromUtf8(rd_kafka_err2str(message->err));
        report.partition = message->partition;
        report.offset = message->offset;
        (*callback)(report);
    }

    static void failed(rd_kafka_t *handle, int error, const char *reason, void *)
    {
        const auto code = static_cast<rd_kafka_resp_err_t>(error);
        if (code == RD_KAFKA_RESP_ERR__FATAL) {
            // The idempotent producer cannot guarantee order any more; it
            // refuses new messages until the process restarts.
            char text[512] = {};
            const rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(handle, text, sizeof text);
            log::error("kafka", QStringLiteral("fatal producer error: %1").arg(QString::fromUtf8(text)),
                       {{QStringLiteral("code"), QString::fromUtf8(rd_kafka_err2name(fatal))}});
            return;
        }
        // Connection failures already reach the log through logFromKafka.
        const LogLevel level = code == RD_KAFKA_RESP_ERR__TRANSPORT ? LogLevel::Debug : LogLevel::Warning;
        if (log::isEnabled(level))
            log::write(level, "kafka", QString::fromUtf8(reason),
                       {{QStringLiteral("code"), QString::fromUtf8(rd_kafka_err2name(code))}});
    }
};

std::vector<KafkaHeader> eventHeaders(const QString &eventId, const QString &eventType, const QString &correlationId)
{
    return {{QByteArrayLiteral("eventId"), eventId.toUtf8()},
            {QByteArrayLiteral("eventType"), eventType.toUtf8()},
            {QByteArrayLiteral("correlationId"), correlationId.toUtf8()}};
}

KafkaProducer::KafkaProducer(const Options &options)
    : m_messageTimeout(options.messageTimeout)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, logFromKafka);
    rd_kafka_conf_set_dr_msg_cb(conf, KafkaProducerCallbacks::delivered);
    rd_kafka_conf_set_error_cb(conf, KafkaProducerCallbacks::failed);
    rd_kafka_conf_set_opaque(conf, this);
    const bool configured =
        setKafkaConfig(conf, "bootstrap.servers", options.bootstrapServers.toUtf8(), &m_setupError)
        && setKafkaConfig(conf, "client.id", options.clientId.toUtf8(), &m_setupError)
        && setKafkaConfig(conf, "enable.idempotence", "true", &m_setupError)
        && setKafkaConfig(conf, "acks", "all", &m_setupError)
        && setKafkaConfig(conf, "linger.ms", "5", &m_setupError)
        && setKafkaConfig(conf, "message.timeout.ms", QByteArray::number(qint64(options.messageTimeout.count())), &m_setupError)
        // A returning broker is found within two seconds, so a backlog starts draining at once.
        && setKafkaConfig(conf, "reconnect.backoff.max.ms", "2000", &m_setupError);
    if (!configured) {
        rd_kafka_conf_destroy(conf);
        log::error("kafka", QStringLiteral("invalid producer configuration: %1").arg(m_setupError));
        return;
    }
    char error[512] = {};
    m_handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error); // takes conf on success
    if (!m_handle) {
        m_setupError = QString::fromUtf8(error);
        rd_kafka_conf_destroy(conf);
        log::error("kafka", QStringLiteral("cannot create producer: %1").arg(m_setupError));
    }
}

KafkaProducer::~KafkaProducer()
{
    if (!m_handle)
        return;
    // Owners flush before destroying; whatever is left is failed here and its
    // callbacks freed without calling into owners that may be gone already.
    m_isClosing = true;
    rd_kafka_purge(m_handle, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    for (int round = 0; round < 50 && rd_kafka_outq_len(m_handle) > 0; ++round)
        rd_kafka_poll(m_handle, 10);
    rd_kafka_destroy(m_handle);
}

bool KafkaProducer::produce(const OutgoingMessage &message, DeliveryCallback onDelivery, QString *error)
{
    if (!m_handle) {
        if (error)
            *error = m_setupError;
        return false;
    }
    const QByteArray topic = message.topic.toUtf8();
    rd_kafka_headers_t *headers = rd_kafka_headers_new(message.headers.size());
    for (const KafkaHeader &header : message.headers)
        rd_kafka_header_add(headers, header.name.constData(), header.name.size(), header.value.constData(),
                            header.value.size());
    auto *callback = new DeliveryCallback(std::move(onDelivery));

    rd_kafka_vu_t values[6] = {};
    values[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    values[0].u.cstr = topic.constData();
    values[1].vtype = RD_KAFKA_VTYPE_KEY;
    values[1].u.mem = {message.key.isNull() ? nullptr : const_cast<char *>(message.key.constData()),
                       static_cast<size_t>(message.key.size())};
    values[2].vtype = RD_KAFKA_VTYPE_VALUE;
    values[2].u.mem = {const_cast<char *>(message.payload.constData()), static_cast<size_t>(message.payload.size())};
    values[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    values[3].u.i = RD_KAFKA_MSG_F_COPY; // our buffers die before the message is sent
    values[4].vtype = RD_KAFKA_VTYPE_HEADERS;
    values[4].u.headers = headers; // owned by librdkafka once produced
    values[5].vtype = RD_KAFKA_VTYPE_OPAQUE;
    values[5].u.ptr = callback;

    if (rd_kafka_error_t *failure = rd_kafka_produceva(m_handle, values, 6)) {
        if (error)
            *error = QString::fromUtf8(rd_kafka_error_string(failure));
        rd_kafka_error_destroy(failure);
        rd_kafka_headers_destroy(headers);
        delete callback;
        return false;
    }
    return true;
}

std::vector<DeliveryReport> KafkaProducer::produceAndWait(const std::vector<OutgoingMessage> &messages,
                                                          const std::function<bool()> &giveUp)
{
    // Shared with the callbacks: a report that arrives after we stopped
    // waiting (another thread polls, or a late purge) still has a home.
    struct Batch
    {
        std::mutex mutex;
        std::vector<DeliveryReport> reports;
        size_t waiting = 0;
    };
    auto batch = std::make_shared<Batch>();
    DeliveryReport unreported;
    unreported.error = QStringLiteral("no delivery report within the message timeout");
    batch->reports.assign(messages.size(), unreported);
    batch->waiting = messages.size();
    for (size_t i = 0; i < messages.size(); ++i) {
        auto record = [batch, i](const DeliveryReport &report) {
            std::lock_guard lock(batch->mutex);
            batch->reports[i] = report;
            --batch->waiting;
        };
        QString error;
        if (!produce(messages[i], record, &error)) {
            DeliveryReport refused;
            refused.error = error;
            record(refused);
        }
    }

    auto deadline = std::chrono::steady_clock::now() + m_messageTimeout + std::chrono::seconds(5);
    bool isPurged = false;
    for (;;) {
        {
            std::lock_guard lock(batch->mutex);
            if (batch->waiting == 0)
                break;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            break;
        if (!isPurged && giveUp && giveUp()) {
            purgeQueued();
            isPurged = true;
            deadline = std::min(deadline, now + std::chrono::seconds(2)); // in-flight ones may still answer
        }
        poll(std::chrono::milliseconds(20));
    }
    std::lock_guard lock(batch->mutex);
    return batch->reports;
}

void KafkaProducer::warmUp(const QStringList &topics, std::chrono::milliseconds timeout)
{
    if (!m_handle)
        return;
    for (const QString &name : topics) {
        rd_kafka_topic_t *topic = rd_kafka_topic_new(m_handle, name.toUtf8().constData(), nullptr);
        const struct rd_kafka_metadata *metadata = nullptr;
        if (rd_kafka_metadata(m_handle, 0, topic, &metadata, static_cast<int>(timeout.count())) == RD_KAFKA_RESP_ERR_NO_ERROR)
            rd_kafka_metadata_destroy(metadata);
        rd_kafka_topic_destroy(topic);
    }
}

int KafkaProducer::poll(std::chrono::milliseconds timeout)
{
    return m_handle ? rd_kafka_poll(m_handle, static_cast<int>(timeout.count())) : 0;
}

bool KafkaProducer::flush(std::chrono::milliseconds timeout)
{
    return !m_handle || rd_kafka_flush(m_handle, static_cast<int>(timeout.count())) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

void KafkaProducer::purgeQueued()
{
    if (m_handle)
        rd_kafka_purge(m_handle, RD_KAFKA_PURGE_F_QUEUE);
}

} // namespace shop
