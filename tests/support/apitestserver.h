#pragma once

#include "auth/userservice.h"
#include "core/metrics.h"
#include "core/settings.h"
#include "api/customerapi.h"
#include "http/httpserver.h"
#include "api/orderapi.h"
#include "db/pgpool.h"
#include "testclock.h"
#include "migrateddatabase.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <memory>

namespace testsupport {

struct HttpReply
{
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray jsonArray() const { return QJsonDocument::fromJson(body).array(); }
};

// One request to 127.0.0.1:port, waited for (at most 30 s; status 0 then).
inline HttpReply sendRequest(QNetworkAccessManager &network, quint16 port, const QByteArray &method,
                             const QString &path, const QByteArray &body = {},
                             const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}

// Which REST API an ApiTestServer serves: the customer API of `serve`
// (port 8080) or the order API of `daemon` (port 8081).
enum class ServedApi { Customer, Orders };

// How an ApiTestServer's HTTP server is set up. By default like `serve`:
// the product reads run on the I/O threads (asyncReads); nullopt puts them
// on the workers, as `gui` does.
struct TestServerShape
{
    int ioThreads = 2;
    std::optional<shop::PgPoolOptions> asyncReads = shop::PgPoolOptions{};
};

// A REST API served in-process over real HTTP, on a fresh migrated
// database, with a clock the test controls. One per test case.
class ApiTestServer
{
public:
    explicit ApiTestServer(ServedApi served = ServedApi::Customer, TestServerShape shape = {})
    {
        if (!m_scratch.error().isEmpty()) {
            m_error = m_scratch.error();
            return;
        }
        m_settings.jwtSecret = QByteArray("test-secret-of-at-least-32-bytes-long");
        m_settings.jwtIssuer = QStringLiteral("shop");
        m_tokens = std::make_unique<shop::AccessTokens>(m_settings.jwtSecret, m_settings.jwtIssuer, m_clock);
        shop::Router router;
        if (served == ServedApi::Customer) {
            if (shape.asyncReads)
                m_asyncDatabase = std::make_unique<shop::AsyncDatabase>(m_scratch.url(), *shape.asyncReads);
            m_customerApi = std::make_unique<shop::CustomerApi>(m_scratch.database(), m_metrics, m_clock, m_settings,
                                                                m_asyncDatabase.get());
            m_customerApi->registerRoutes(router);
        } else {
            m_orderApi = std::make_unique<shop::OrderApi>(m_scratch.database(), m_metrics, m_clock, m_settings);
            m_orderApi->registerRoutes(router);
        }
        m_server = std::make_unique<shop::HttpServer>(router, m_metrics, shop::HttpServerOptions{shape.ioThreads, 8, {}});
        if (!m_server->listen(QHostAddress::LocalHost, 0, &m_error))
            return;
    }

    ~ApiTestServer()
    {
        m_server.reset();
        m_customerApi.reset();
        m_orderApi.reset();
    }

    // Empty when the server runs; otherwise why it does not.
    const QString &error() const { return m_error; }
    shop::Database &database() { return m_scratch.database(); }
    shop::Metrics &metrics() { return m_metrics; }
    TestClock &clock() { return m_clock; }
    const shop::DatabaseUrl &databaseUrl() const { return m_scratch.url(); }

    // A valid token with the given role, as a logged-in user would have;
    // signed like the server's own, so either API accepts it. Its account
    // (test-<role>) is made active on first use: the guard checks it exists.
    QByteArray bearer(const QString &role = QStringLiteral("MANAGER"))
    {
        const QString username = QStringLiteral("test-") + role.toLower();
        const shop::UserRepository users(m_scratch.database());
        // Never logged in with, so any well-formed hash does.
        const shop::PasswordHash unusable{"00", "00", shop::PasswordHasher::kIterations};
        m_scratch.database().run([&](QSqlDatabase &) { return users.insert(username, unusable, role); },
                                 shop::Database::Retry::Never);
        return "Bearer " + m_tokens->issue(username, {role}).token;
    }

    // A token as the server would issue it for an existing account.
    QByteArray bearerOf(const QString &username, const QStringList &roles, int tokenVersion = 0)
    {
        return "Bearer " + m_tokens->issue(username, roles, tokenVersion).token;
    }

    // Creates a user through the same service as `shop user add`.
    bool addUser(const QString &name, const QString &role, const QByteArray &password)
    {
        return shop::UserService(m_scratch.database()).addUser(name, role, password).outcome
            == shop::UserService::Outcome::Created;
    }

    HttpReply send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                   const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return sendRequest(m_network, m_server->port(), method, path, body, headers);
    }

    HttpReply get(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return send("GET", path, {}, headers);
    }

    HttpReply sendJson(const QByteArray &method, const QString &path, const QJsonObject &body,
                       QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        return send(method, path, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
    }

    quint16 port() const { return m_server->port(); }

private:
    MigratedScratchDatabase m_scratch; // destroyed last: the APIs use its database
    TestClock m_clock;
    shop::Metrics m_metrics;
    shop::Settings m_settings;
    std::unique_ptr<shop::AccessTokens> m_tokens;
    std::unique_ptr<shop::AsyncDatabase> m_asyncDatabase;
    std::unique_ptr<shop::CustomerApi> m_customerApi;
    std::unique_ptr<shop::OrderApi> m_orderApi;
    std::unique_ptr<shop::HttpServer> m_server;
    QNetworkAccessManager m_network;
    QString m_error;
};

} // namespace testsupport
