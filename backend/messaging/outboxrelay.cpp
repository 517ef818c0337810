#include "outboxrelay.h"

#include "core/log.h"
#include "core/metrics.h"
#include "db/database.h"
#include "kafkaproducer.h"
#include "outboxrepository.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QSqlDriver>
#include <QTimer>

#include <algorithm>
#include <optional>

namespace shop {

using namespace std::chrono_literals;

namespace {

struct RelayMetrics
{
    prometheus::Gauge &backlog;
    prometheus::Gauge &oldestUnsentAge;
    prometheus::Counter &published;
    prometheus::Counter &failed;
};

RelayMetrics registerMetrics(Metrics &metrics, const QString &table)
{
    const prometheus::Labels labels{{"table", table.toStdString()}};
    auto &registry = metrics.registry();
    return {prometheus::BuildGauge().Name("outbox_backlog").Help("Outbox rows not yet published")
                .Register(registry).Add(labels),
            prometheus::BuildGauge().Name("outbox_oldest_unsent_age_seconds")
                .Help("Age of the oldest outbox row not yet published").Register(registry).Add(labels),
            prometheus::BuildCounter().Name("outbox_published_total")
                .Help("Outbox rows published and acknowledged by Kafka").Register(registry).Add(labels),
            prometheus::BuildCounter().Name("outbox_publish_failures_total")
                .Help("Outbox rows whose publication failed and will be retried").Register(registry).Add(labels)};
}

enum class BatchResult { Drained, Full, PublishFailed, DatabaseFailed };

} // namespace

class OutboxRelay::Loop : public QObject
{
public:
    Loop(const DatabaseUrl &url, const QString &table, const QString &channel, KafkaNames names, KafkaProducer &producer,
         RelayMetrics metrics, const Options &options, const BackgroundThread &thread)
        : m_thread(thread), m_database(url), m_repository(m_database, table), m_table(table), m_channel(channel)
        , m_names(std::move(names)), m_producer(producer), m_metrics(metrics), m_options(options)
    {
        m_runTimer.setSingleShot(true);
        connect(&m_runTimer, &QTimer::timeout, this, &Loop::runOnce);
        m_gaugeTimer.setSingleShot(true);
        connect(&m_gaugeTimer, &QTimer::timeout, this, [this] { refreshGauges(); });
        // The LISTEN socket sees a dead session (PostgreSQL restart) at once
        // and the driver then reports closed; checking that costs no query
        // and gets the relay back without waiting for the fallback poll.
        m_sessionCheck.setInterval(1000);
        connect(&m_sessionCheck, &QTimer::timeout, this, [this] {
            if (m_driver && !m_driver->isOpen() && m_backoff == 0ms)
                scheduleRun(0ms);
        });
    }

    void begin()
    {
        m_sessionCheck.start();
        runOnce();
    }
    void shutdown()
    {
        m_runTimer.stop();
        m_sessionCheck.stop();
        m_gaugeTimer.stop();
        if (m_driver && m_driver->isOpen() && m_driver->subscribedToNotifications().contains(m_channel))
            m_driver->unsubscribeFromNotification(m_channel);
    }

private:
    void runOnce();
    BatchResult relayBatch();
    std::vector<DeliveryReport> publish(const std::vector<OutboxRow> &rows);
    bool ensureListening();
    void onNotified();
    void scheduleRun(std::chrono::milliseconds delay);
    void purgeIfDue();
    void refreshGauges();

    const BackgroundThread &m_thread; // the one it runs on; says when to stop
    Database m_database;
    OutboxRepository m_repository;
    QString m_table;
    QString m_channel;
    KafkaNames m_names;
    KafkaProducer &m_producer;
    RelayMetrics m_metrics;
    Options m_options;
    QTimer m_runTimer{this};
    QTimer m_sessionCheck{this};
    QPointer<QSqlDriver> m_driver; // of the listening connection; same object across reconnects
    std::chrono::milliseconds m_backoff{0};
    QElapsedTimer m_sincePurge;
    QElapsedTimer m_sinceGauges;
    QTimer m_gaugeTimer{this};
};

void OutboxRelay::Loop::runOnce()
{
    if (m_thread.isStopping())
        return;
    const BatchResult result = ensureListening() ? relayBatch() : BatchResult::DatabaseFailed;
    if (m_thread.isStopping())
        return; // stop() waits for this batch only
    if (result != BatchResult::DatabaseFailed) {
        purgeIfDue();
        refreshGauges();
    }
    if (result == BatchResult::Drained || result == BatchResult::Full) {
        if (m_backoff > 0ms)
            log::info("outbox", QStringLiteral("%1: publishing again").arg(m_table));
        m_backoff = 0ms;
        scheduleRun(result == BatchResult::Full ? 0ms : m_options.fallbackPoll);
        return;
    }
    // Broker or database down: the rows wait in the table; retry ever more slowly.
    m_backoff = m_backoff == 0ms ? m_options.minBackoff : std::min(m_backoff * 2, m_options.maxBackoff);
    log::warn("outbox", QStringLiteral("%1: relay paused").arg(m_table),
              {{QStringLiteral("retryInMs"), qint64(m_backoff.count())}});
    m_runTimer.start(m_backoff);
}

void OutboxRelay::Loop::onNotified()
{
    // During a backoff the broker or database is down: waking per checkout would defeat the backoff.
    if (m_backoff == 0ms)
        scheduleRun(0ms);
}

void OutboxRelay::Loop::scheduleRun(std::chrono::milliseconds delay)
{
    if (!m_runTimer.isActive() || m_runTimer.remainingTimeAsDuration() > delay)
        m_runTimer.start(delay);
}

// LISTEN on this thread's connection. A reconnect (Database::run reopens a
// dead connection) drops the subscription, so every run checks it; rows
// committed while nobody listened are found by the batch that follows.
bool OutboxRelay::Loop::ensureListening()
{
    QSqlDatabase db = m_database.connection();
    if (!db.isOpen())
        return false;
    QSqlDriver *driver = db.driver();
    if (driver->subscribedToNotifications().contains(m_channel))
        return true;
    if (m_driver != driver) {
        m_driver = driver;
        connect(driver, &QSqlDriver::notification, this,
                [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &) {
                    if (name == m_channel)
                        onNotified();
                });
    }
    if (!driver->subscribeToNotification(m_channel)) {
        log::warn("outbox", QStringLiteral("%1: cannot listen on %2").arg(m_table, m_channel),
                  {{QStringLiteral("error"), driver->lastError().text()}});
        return false;
    }
    log::info("outbox", QStringLiteral("%1: listening on %2").arg(m_table, m_channel));
    return true;
}

// One transaction: claim (locks the rows), publish, wait for the broker's
// acknowledgements, mark. Rows are marked sent only from a successful
// delivery report; a crash before the commit leaves them unsent, so they are
// published again (at least once; consumers deduplicate by eventId).
BatchResult OutboxRelay::Loop::relayBatch()
{
    std::vector<OutboxRow> rows;
    QStringList sent;
    QHash<QString, QStringList> failedByError;
    const QSqlError error = m_database.run(
        [&](QSqlDatabase &db) -> QSqlError {
            rows.clear();
            sent.clear();
            failedByError.clear();
            Transaction transaction(db);
            if (!transaction.isActive())
                return transaction.error();
            DbResult<std::vector<OutboxRow>> claimed = m_repository.claimUnsent(m_options.batchSize);
            if (!claimed)
                return claimed.error();
            rows = std::move(claimed.value());
            if (rows.empty())
                return {}; // nothing to do; the rollback releases nothing
            const std::vector<DeliveryReport> deliveries = publish(rows);
            for (size_t i = 0; i < rows.size(); ++i) {
                if (deliveries[i].isDelivered)
                    sent.append(rows[i].id);
                else
                    failedByError[deliveries[i].error].append(rows[i].id);
            }
            if (DbResult<Done> marked = m_repository.markSent(sent); !marked)
                return marked.error();
            for (auto it = failedByError.cbegin(); it != failedByError.cend(); ++it) {
                if (DbResult<Done> marked = m_repository.markFailed(it.value(), it.key()); !marked)
                    return marked.error();
            }
            return transaction.commit() ? QSqlError() : transaction.error();
        },
        Database::Retry::Never);

    if (error.isValid()) {
        log::warn("outbox", QStringLiteral("%1: batch not recorded; its rows stay unsent").arg(m_table),
                  {{QStringLiteral("error"), error.text()}, {QStringLiteral("published"), qint64(sent.size())}});
        return BatchResult::DatabaseFailed;
    }
    m_metrics.published.Increment(static_cast<double>(sent.size()));
    if (!failedByError.isEmpty()) {
        const qint64 failed = qint64(rows.size()) - sent.size();
        m_metrics.failed.Increment(static_cast<double>(failed));
        log::warn("outbox", QStringLiteral("%1: %2 of %3 rows not published").arg(m_table).arg(failed).arg(rows.size()),
                  {{QStringLiteral("error"), failedByError.cbegin().key()}});
        return BatchResult::PublishFailed;
    }
    if (!rows.empty())
        log::debug("outbox", QStringLiteral("%1: published %2 rows").arg(m_table).arg(rows.size()));
    return rows.size() == size_t(m_options.batchSize) ? BatchResult::Full : BatchResult::Drained;
}

std::vector<DeliveryReport> OutboxRelay::Loop::publish(const std::vector<OutboxRow> &rows)
{
    std::vector<OutgoingMessage> messages;
    messages.reserve(rows.size());
    for (const OutboxRow &row : rows) {
        messages.push_back({m_names.topic(row.topic), row.messageKey.toUtf8(), row.payload,
                            eventHeaders(row.id, row.eventType, row.correlationId)});
    }
    // Stopping while the broker does not answer: after the grace period give
    // the rows back instead of holding the shutdown for the whole message timeout.
    std::optional<std::chrono::steady_clock::time_point> stopSeenAt;
    return m_producer.produceAndWait(messages, [&] {
        if (!m_thread.isStopping())
            return false;
        const auto now = std::chrono::steady_clock::now();
        if (!stopSeenAt)
            stopSeenAt = now;
        return now - *stopSeenAt >= m_options.stopGrace;
    });
}

void OutboxRelay::Loop::purgeIfDue()
{
    if (m_sincePurge.isValid() && m_sincePurge.elapsed() < m_options.purgeEvery.count())
        return;
    m_sincePurge.start();
    const DbResult<qint64> deleted = m_repository.purgeSent(m_options.purgeSentAfterDays);
    if (!deleted)
        log::warn("outbox", QStringLiteral("%1: purge failed").arg(m_table),
                  {{QStringLiteral("error"), deleted.error().text()}});
    else if (deleted.value() > 0)
        log::info("outbox", QStringLiteral("%1: purged %2 rows sent more than %3 days ago")
                                .arg(m_table).arg(deleted.value()).arg(m_options.purgeSentAfterDays));
}

// A batch runs per notification while orders stream in, and a count per
// batch cost PostgreSQL about 2 % of its time at 500 orders/s: the gauges
// are counted at most once a second, and a count is always due a second
// after the last batch, so they are never more than a second behind.
void OutboxRelay::Loop::refreshGauges()
{
    constexpr qint64 kPeriodMs = 1000;
    if (m_sinceGauges.isValid() && m_sinceGauges.elapsed() < kPeriodMs) {
        if (!m_gaugeTimer.isActive())
            m_gaugeTimer.start(static_cast<int>(kPeriodMs - m_sinceGauges.elapsed()));
        return;
    }
    m_gaugeTimer.stop();
    m_sinceGauges.start();
    const DbResult<OutboxBacklog> backlog = m_repository.backlog();
    if (!backlog)
        return; // the next run tries again
    m_metrics.backlog.Set(static_cast<double>(backlog->unsentCount));
    m_metrics.oldestUnsentAge.Set(backlog->oldestUnsentAgeSeconds);
}

OutboxRelay::OutboxRelay(const DatabaseUrl &url, const QString &table, const QString &channel,
                         KafkaProducer &producer, Metrics &metrics)
    : OutboxRelay(url, table, channel, producer, metrics, Options())
{
}

OutboxRelay::OutboxRelay(const DatabaseUrl &url, const QString &table, const QString &channel,
                         KafkaProducer &producer, Metrics &metrics, Options options, KafkaNames names)
    : m_loop(std::make_unique<Loop>(url, table, channel, std::move(names), producer, registerMetrics(metrics, table),
                                    options, m_thread))
    , m_producer(producer)
    , m_options(options)
{
    m_thread.adopt(*m_loop);
}

OutboxRelay::~OutboxRelay()
{
    stop();
}

void OutboxRelay::start()
{
    if (m_thread.isRunning())
        return;
    if (!m_producer.isValid()) {
        log::error("outbox", QStringLiteral("outbox relay not started: %1").arg(m_producer.setupError()));
        return;
    }
    m_thread.start();
    m_thread.post([loop = m_loop.get()] { loop->begin(); });
}

void OutboxRelay::stop()
{
    if (!m_thread.isRunning())
        return;
    // The batch in progress finishes and records its rows first.
    m_thread.stop([loop = m_loop.get()] { loop->shutdown(); });
    if (!m_producer.flush(m_options.stopGrace))
        log::warn("outbox", QStringLiteral("stopped with messages still unacknowledged; their rows stay unsent"));
}

} // namespace shop
