#pragma once

#include <QString>
#include <QStringList>

namespace shop {

// The contract's topics and consumer groups, as the code names them.
namespace topics {
inline const QString ordersCreated = QStringLiteral("orders.created");
inline const QString paymentsCompleted = QStringLiteral("payments.completed");
inline const QString ordersCancelled = QStringLiteral("orders.cancelled");
inline const QString refundsRequested = QStringLiteral("refunds.requested");
inline const QString paymentsRefunded = QStringLiteral("payments.refunded");
inline const QString stockLow = QStringLiteral("stock.low");
inline const QString deadLetterSuffix = QStringLiteral(".DLT");
inline QStringList all()
{
    return {ordersCreated, paymentsCompleted, ordersCancelled, refundsRequested, paymentsRefunded, stockLow};
}
} // namespace topics

namespace consumerGroups {
inline const QString orderService = QStringLiteral("order-service-group");
inline const QString catalogService = QStringLiteral("catalog-service-group");
} // namespace consumerGroups

// Maps those names to the cluster's. Setting kafka-namespace ("staging",
// "test-42") puts a prefix on every topic and group, so several shops or test
// runs can share one cluster without reading each other's events. Empty (the
// default) leaves the contract's names as they are.
class KafkaNames
{
public:
    explicit KafkaNames(QString kafkaNamespace = {})
        : m_prefix(kafkaNamespace.isEmpty() ? QString() : kafkaNamespace + u'.')
    {
    }

    QString topic(const QString &name) const { return m_prefix + name; }
    QString deadLetterTopic(const QString &name) const { return m_prefix + name + topics::deadLetterSuffix; }
    QString group(const QString &name) const { return m_prefix + name; }
    // The contract's name of a cluster topic, or empty if it is not ours.
    QString logicalTopic(const QString &clusterTopic) const
    {
        return clusterTopic.startsWith(m_prefix) ? clusterTopic.mid(m_prefix.size()) : QString();
    }

private:
    QString m_prefix;
};

} // namespace shop
