#pragma once

#include <QByteArray>
#include <QString>

struct rd_kafka_conf_s;
struct rd_kafka_s;

namespace shop {

// Sets one librdkafka property; on failure error receives librdkafka's reason.
bool setKafkaConfig(rd_kafka_conf_s *conf, const char *name, const QByteArray &value, QString *error);

// librdkafka logs connection failures on its own threads; this keeps them in
// our JSON log and out of the way unless debugging.
void logFromKafka(const rd_kafka_s *handle, int level, const char *facility, const char *message);

} // namespace shop
