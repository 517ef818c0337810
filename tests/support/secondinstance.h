#pragma once

#include "apitestserver.h"

#include <memory>

namespace testsupport {

// A second customer API on the same database, as a load balancer's second
// instance: its own Database connections, API objects and HTTP server, and
// nothing else shared with the first but PostgreSQL. Its product reads run
// on the workers (as `gui` serves them) unless asyncReads is given, so
// comparing it with an ApiTestServer compares the two ways of reading.
class SecondInstance
{
public:
    explicit SecondInstance(const shop::DatabaseUrl &url, std::optional<shop::PgPoolOptions> asyncReads = std::nullopt)
        : m_database(url)
    {
        m_settings.jwtSecret = QByteArray("test-secret-of-at-least-32-bytes-long");
        m_settings.jwtIssuer = QStringLiteral("shop");
        shop::Router router;
        if (asyncReads)
            m_asyncDatabase = std::make_unique<shop::AsyncDatabase>(url, *asyncReads);
        m_api = std::make_unique<shop::CustomerApi>(m_database, m_metrics, m_clock, m_settings, m_asyncDatabase.get());
        m_api->registerRoutes(router);
        m_server = std::make_unique<shop::HttpServer>(router, m_metrics, shop::HttpServerOptions{2, 8, {}});
        m_server->listen(QHostAddress::LocalHost, 0, &m_error);
    }
    ~SecondInstance()
    {
        m_server.reset();
        m_api.reset();
    }

    const QString &error() const { return m_error; }

    HttpReply send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                   const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return sendRequest(m_network, m_server->port(), method, path, body, headers);
    }

private:
    shop::Database m_database;
    TestClock m_clock;
    shop::Metrics m_metrics;
    shop::Settings m_settings;
    std::unique_ptr<shop::AsyncDatabase> m_asyncDatabase;
    std::unique_ptr<shop::CustomerApi> m_api;
    std::unique_ptr<shop::HttpServer> m_server;
    QNetworkAccessManager m_network;
    QString m_error;
};

} // namespace testsupport
