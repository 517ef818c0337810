#pragma once

#include <QString>

#include <chrono>
#include <mutex>
#include <optional>

struct rd_kafka_s;

namespace shop {

// Answers "does the Kafka cluster respond?" by asking for broker metadata
// with a short timeout. Results are kept for a second so a burst of health
// checks does not turn into a burst of metadata requests.
class KafkaProbe
{
public:
    struct Status
    {
        bool isUp = false;
        int brokerCount = 0;
        QString error;
    };

    explicit KafkaProbe(const QString &bootstrapServers,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));
    ~KafkaProbe();
    KafkaProbe(const KafkaProbe &) = delete;
    KafkaProbe &operator=(const KafkaProbe &) = delete;

    Status check();

    // The result of the last check() without asking the cluster, so a caller
    // that must answer quickly never waits out the timeout behind a check in
    // progress; nullopt before the first check.
    std::optional<Status> lastKnown() const;

private:
    rd_kafka_s *m_handle = nullptr;
    QString m_setupError;
    std::chrono::milliseconds m_timeout;
    std::mutex m_mutex; // held for a whole check
    mutable std::mutex m_lastMutex; // held only to copy m_last
    Status m_last;
    bool m_hasChecked = false;
    std::chrono::steady_clock::time_point m_lastCheck;
};

} // namespace shop
