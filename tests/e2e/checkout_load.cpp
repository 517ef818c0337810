// The web store's shoppers for scale_out.sh: CLIENTS concurrent clients place
// CHECKOUTS checkouts (one cart line each, then POST /checkout) through BASE_URL.
// A checkout whose answer is lost (connection error, 5xx from the load
// balancer, 409 while the same key is still in progress) is sent again with
// the same Idempotency-Key; a cart line whose answer is lost is put into a new
// cart instead (adding is not idempotent, and an abandoned cart holds no stock),
// and so is one whose answer shows the line went in more than once (a resend
// by Qt itself, which the client cannot prevent: see lost_cart_reply.sh).
// Every checkout ends as one line on stdout, so nothing is lost silently:
//   ok INDEX KEY ORDER_NUMBER PRODUCT_ID QUANTITY ATTEMPTS ANSWERED_AT_EPOCH_MS
//   failed INDEX KEY - PRODUCT_ID QUANTITY ATTEMPTS REASON
//
// Usage: e2e_checkout_load BASE_URL PRODUCTS_FILE CLIENTS CHECKOUTS RUN_ID
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

namespace {

// A step is tried again until this long after its first try: longer than a
// serve's restart, and than a broker restart in case a balancer in front
// still takes serves out for it (readiness ignores Kafka on serve today).
constexpr qint64 kRetryForMs = 90000;
constexpr int kTransferTimeoutMs = 15000;

const QByteArray kCustomer =
    R"({"name":"Load Tester","email":"load@example.com","phone":"+441234567890",)"
    R"("shippingAddress":{"street":"1 Load St","city":"London","state":"Greater London","postalCode":"N1 1AA","country":"GB"}})";

struct Totals
{
    int next = 0;
    int finished = 0;
    int succeeded = 0;
    int failed = 0;
    int checkoutRetries = 0;
    int cartRetries = 0;
    int resentCartLines = 0; // answered, but the cart held the line more than once
};

// One shopper: takes the next checkout index until none is left.
class Client
{
public:
    Client(QString baseUrl, const QStringList &products, int checkouts, QString runId, int thinkMs, Totals &totals,
           std::function<void()> onIdle)
        : m_baseUrl(std::move(baseUrl))
        , m_products(products)
        , m_checkouts(checkouts)
        , m_runId(std::move(runId))
        , m_thinkMs(thinkMs)
        , m_totals(totals)
        , m_onIdle(std::move(onIdle))
    {
    }

    void start() { takeNext(); }

private:
    void takeNext()
    {
        if (m_totals.next >= m_checkouts) {
            m_onIdle();
            return;
        }
        m_index = m_totals.next++;
        m_product = m_products.at(m_index % m_products.size());
        m_quantity = 1 + m_index % 3;
        m_key = QStringLiteral("%1-%2").arg(m_runId).arg(m_index);
        m_cartAttempts = 0;
        m_checkoutAttempts = 0;
        m_stepStarted.start();
        addToCart();
    }

    QNetworkRequest jsonRequest(const QString &path) const
    {
        QNetworkRequest request(QUrl(m_baseUrl + path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setTransferTimeout(kTransferTimeoutMs);
        return request;
    }

    void addToCart()
    {
        ++m_cartAttempts;
        m_session = QStringLiteral("%1-cart%2").arg(m_key).arg(m_cartAttempts);
        const QJsonObject line{{QStringLiteral("productId"), m_product}, {QStringLiteral("quantity"), m_quantity}};
        QNetworkReply *reply = m_network.post(jsonRequest(QStringLiteral("/api/v1/carts/%1/items").arg(m_session)),
                                              QJsonDocument(line).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, [this, reply] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 200 || status == 201) {
                if (!holdsOnlyOurLine(reply->readAll())) {
                    // Our one request went in more than once. A serve that
                    // dies after adding the line but before answering makes
                    // HAProxy close our keep-alive connection without an
                    // answer, and Qt then resends the POST by itself, unseen
                    // here. This cart is not what the shopper chose: start
                    // again in a new one.
                    if (m_stepStarted.hasExpired(kRetryForMs))
                        return finish(false, QStringLiteral("cart-held-the-line-more-than-once"));
                    ++m_totals.resentCartLines;
                    return later([this] { addToCart(); }, m_cartAttempts);
                }
                m_stepStarted.start();
                return checkout();
            }
            if (isWorthRetrying(status) && !m_stepStarted.hasExpired(kRetryForMs)) {
                ++m_totals.cartRetries;
                return later([this] { addToCart(); }, m_cartAttempts);
            }
            finish(false, describe(reply, status));
        });
    }

    void checkout()
    {
        ++m_checkoutAttempts;
        QNetworkRequest request = jsonRequest(QStringLiteral("/api/v1/checkout"));
        request.setRawHeader("Idempotency-Key", m_key.toLatin1());
        const QByteArray body = R"({"sessionId":")" + m_session.toLatin1() + R"(","customerInfo":)" + kCustomer + "}";
        QNetworkReply *reply = m_network.post(request, body);
        QObject::connect(reply, &QNetworkReply::finished, [this, reply] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray answer = reply->readAll();
            if (status == 201) {
                const QString number = QJsonDocument::fromJson(answer).object().value(u"orderNumber").toString();
                if (!number.isEmpty())
                    return finish(true, number);
                return finish(false, QStringLiteral("201-without-order-number"));
            }
            if (isWorthRetrying(status) && !m_stepStarted.hasExpired(kRetryForMs)) {
                ++m_totals.checkoutRetries;
                return later([this] { checkout(); }, m_checkoutAttempts);
            }
            finish(false, describe(reply, status));
        });
    }

    // The cart the add answered with: a new cart, so exactly the one line
    // just sent, once.
    bool holdsOnlyOurLine(const QByteArray &answer) const
    {
        const QJsonArray items = QJsonDocument::fromJson(answer).object().value(u"items").toArray();
        if (items.size() != 1)
            return false;
        const QJsonObject line = items.first().toObject();
        return line.value(u"productId").toString() == m_product && line.value(u"quantity").toInt() == m_quantity;
    }

    // No answer, the load balancer's or a server's trouble, or the same key
    // still being worked on elsewhere: the request may or may not have been
    // applied, and sending it again is what the contract allows.
    static bool isWorthRetrying(int status) { return status == 0 || status == 409 || status == 429 || status >= 500; }

    static QString describe(QNetworkReply *reply, int status)
    {
        return status == 0 ? QStringLiteral("network-error-%1").arg(int(reply->error()))
                           : QStringLiteral("http-%1").arg(status);
    }

    static void later(std::function<void()> step, int attempt)
    {
        QTimer::singleShot(std::min(50 * attempt, 500), std::move(step));
    }

    void finish(bool ok, const QString &detail)
    {
        const int attempts = m_cartAttempts + m_checkoutAttempts;
        if (ok) {
            ++m_totals.succeeded;
            std::printf("ok %d %s %s %s %d %d %lld\n", m_index, qPrintable(m_key), qPrintable(detail),
                        qPrintable(m_product), m_quantity, attempts, QDateTime::currentMSecsSinceEpoch());
        } else {
            ++m_totals.failed;
            std::printf("failed %d %s - %s %d %d %s\n", m_index, qPrintable(m_key), qPrintable(m_product), m_quantity,
                        attempts, qPrintable(detail));
        }
        ++m_totals.finished;
        // A shopper thinks before the next order, so the load lasts long
        // enough for the faults to come in the middle of it.
        QTimer::singleShot(m_thinkMs, [this] { takeNext(); });
    }

    const QString m_baseUrl;
    const QStringList &m_products;
    const int m_checkouts;
    const QString m_runId;
    const int m_thinkMs;
    Totals &m_totals;
    std::function<void()> m_onIdle;
    QNetworkAccessManager m_network; // a connection pool per client, as separate shoppers have

    int m_index = 0;
    QString m_product;
    int m_quantity = 0;
    QString m_key;
    QString m_session;
    int m_cartAttempts = 0;
    int m_checkoutAttempts = 0;
    QElapsedTimer m_stepStarted;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    bool clientsOk = false;
    bool checkoutsOk = false;
    const int clients = arguments.value(3).toInt(&clientsOk);
    const int checkouts = arguments.value(4).toInt(&checkoutsOk);
    bool thinkOk = true;
    const int thinkMs = arguments.size() == 7 ? arguments.at(6).toInt(&thinkOk) : 0;
    if ((arguments.size() != 6 && arguments.size() != 7) || !clientsOk || !checkoutsOk || !thinkOk || clients < 1
        || clients > 256 || checkouts < 1 || thinkMs < 0 || thinkMs > 10000) {
        std::fprintf(stderr, "usage: e2e_checkout_load BASE_URL PRODUCTS_FILE CLIENTS(1..256) CHECKOUTS RUN_ID "
                             "[THINK_MS(0..10000)]\n");
        return 2;
    }
    QFile file(arguments.at(2));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(arguments.at(2)));
        return 2;
    }
    QStringList products;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            products.append(QString::fromLatin1(line.trimmed()));
    if (products.isEmpty()) {
        std::fprintf(stderr, "no product ids in %s\n", qPrintable(arguments.at(2)));
        return 2;
    }

    Totals totals;
    QElapsedTimer elapsed;
    elapsed.start();
    int idle = 0;
    std::vector<std::unique_ptr<Client>> shoppers;
    for (int i = 0; i < clients; ++i)
        shoppers.push_back(std::make_unique<Client>(arguments.at(1), products, checkouts, arguments.at(5), thinkMs, totals, [&] {
            if (++idle == clients)
                QCoreApplication::quit();
        }));
    for (const auto &shopper : shoppers)
        shopper->start();
    app.exec();

    std::fflush(stdout);
    const double seconds = double(elapsed.elapsed()) / 1000.0;
    std::fprintf(stderr,
                 "checkouts: %d ok, %d failed in %.1f s (%.1f/s); retried: %d checkouts, %d cart lines; "
                 "%d carts held their line more than once (started again)\n",
                 totals.succeeded, totals.failed, seconds, totals.succeeded / std::max(seconds, 0.001),
                 totals.checkoutRetries, totals.cartRetries, totals.resentCartLines);
    return totals.failed == 0 ? 0 : 1;
}
