#include "kafkaconfig.h"

#include "core/log.h"

#include <librdkafka/rdkafka.h>

namespace shop {

bool setKafkaConfig(rd_kafka_conf_t *conf, const char *name, const QByteArray &value, QString *error)
{
    char text[512] = {};
    if (rd_kafka_conf_set(conf, name, value.constData(), text, sizeof text) == RD_KAFKA_CONF_OK)
        return true;
    *error = QString::fromUtf8(text);
    return false;
}

void logFromKafka(const rd_kafka_t *, int level, const char *facility, const char *message)
{
    const LogLevel ours = level <= 3 ? LogLevel::Warning : LogLevel::Debug;
    if (log::isEnabled(ours))
        log::write(ours, "kafka", QString::fromUtf8(message), {{QStringLiteral("facility"), QString::fromUtf8(facility)}});
}

} // namespace shop
