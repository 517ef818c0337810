#pragma once

#include "kafkanames.h"

#include <QString>
#include <QStringList>

#include <chrono>

namespace shop {

// Creates the contract's topics and their dead-letter topics (3 partitions,
// the broker's default replication) when they are missing, so a fresh cluster
// or a new kafka-namespace works without a separate setup step. Existing
// topics are left as they are. Returns false with a reason when the broker
// did not answer or refused; callers log it and go on (publishing and
// consuming retry on their own).
bool ensureTopics(const QString &bootstrapServers, const KafkaNames &names, QString *error,
                  std::chrono::milliseconds timeout = std::chrono::seconds(15));

} // namespace shop
