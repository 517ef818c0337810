#include "kafkaprobe.h"

#include "core/log.h"
#include "kafkaconfig.h"

#include <librdkafka/rdkafka.h>

namespace shop {

namespace {

constexpr auto kCacheFor = std::chrono::seconds(1);

} // namespace

KafkaProbe::KafkaProbe(const QString &bootstrapServers, std::chrono::milliseconds timeout)
    : m_timeout(timeout)
{
    char error[512] = {};
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, logFromKafka);
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrapServers.toUtf8().constData(), error, sizeof error)
        != RD_KAFKA_CONF_OK) {
        m_setupError = QString::fromUtf8(error);
        rd_kafka_conf_destroy(conf);
        return;
    }
    rd_kafka_conf_set(conf, "client.id", "shop-health", error, sizeof error);
    rd_kafka_conf_set(conf, "reconnect.backoff.max.ms", "1000", error, sizeof error);
    m_handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error); // takes conf on success
    if (!m_handle) {
        m_setupError = QString::fromUtf8(error);
        rd_kafka_conf_destroy(conf);
    }
}

KafkaProbe::~KafkaProbe()
{
    if (m_handle)
        rd_kafka_destroy(m_handle);
}

KafkaProbe::Status KafkaProbe::check()
{
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    if (m_lastCheck.time_since_epoch().count() != 0 && now - m_lastCheck < kCacheFor)
        return *lastKnown();

    Status status;
    if (!m_handle) {
        status.error = m_setupError;
    } else {
        const rd_kafka_metadata_t *metadata = nullptr;
        const rd_kafka_resp_err_t result =
            rd_kafka_metadata(m_handle, 0, nullptr, &metadata, static_cast<int>(m_timeout.count()));
        if (result == RD_KAFKA_RESP_ERR_NO_ERROR) {
            status.isUp = metadata->broker_cnt > 0;
            status.brokerCount = metadata->broker_cnt;
            if (!status.isUp)
                status.error = QStringLiteral("no brokers in metadata");
            rd_kafka_metadata_destroy(metadata);
        } else {
            status.error = QString::fromUtf8(rd_kafka_err2str(result));
        }
    }
    {
        std::lock_guard last(m_lastMutex);
        m_last = status;
        m_hasChecked = true;
    }
    m_lastCheck = std::chrono::steady_clock::now();
    return status;
}

std::optional<KafkaProbe::Status> KafkaProbe::lastKnown() const
{
    std::lock_guard last(m_lastMutex);
    if (!m_hasChecked)
        return std::nullopt;
    return m_last;
}

} // namespace shop
