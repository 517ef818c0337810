#include "catalogapiclient.h"
#include "testdatabase.h"

#include <algorithm>

#include <QtTest>

using namespace testsupport;

namespace {

// Requests that are all in flight before any answer is awaited.
class RequestBatch
{
public:
    void put(const QUrl &url, const QByteArray &authorization, const QJsonObject &body)
    {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader("Authorization", authorization);
        m_replies.append(m_network.sendCustomRequest(request, "PUT", QJsonDocument(body).toJson(QJsonDocument::Compact)));
    }

    QList<HttpReply> waitForAll()
    {
        QEventLoop loop;
        qsizetype pending = std::count_if(m_replies.cbegin(), m_replies.cend(), [](QNetworkReply *r) { return !r->isFinished(); });
        for (QNetworkReply *reply : std::as_const(m_replies))
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&] {
                if (--pending == 0)
                    loop.quit();
            });
        if (pending > 0) {
            QTimer::singleShot(30000, &loop, &QEventLoop::quit);
            loop.exec();
        }
        QList<HttpReply> results;
        for (QNetworkReply *reply : std::as_const(m_replies))
            results.append({reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(), {}});
        qDeleteAll(m_replies);
        m_replies.clear();
        return results;
    }

private:
    QNetworkAccessManager m_network;
    QList<QNetworkReply *> m_replies;
};

// Holds one product row's lock in an open transaction on its own connection:
// updates of that row read it freely, then queue up until release().
class RowLock
{
public:
    RowLock(const shop::DatabaseUrl &url, const QString &productId)
    {
        QSqlDatabase db = shop::addConnection(url, kName);
        if (!db.open() || !db.transaction()) {
            m_error = db.lastError().text();
            return;
        }
        QSqlQuery lock(db);
        lock.prepare(QStringLiteral("SELECT id FROM catalog.products WHERE id = $1 FOR UPDATE"));
        lock.bindValue(0, productId);
        if (!lock.exec() || !lock.next())
            m_error = QStringLiteral("cannot lock the product: ") + lock.lastError().text();
    }

    ~RowLock()
    {
        release();
        QSqlDatabase::database(kName, false).close();
        QSqlDatabase::removeDatabase(kName);
    }

    void release()
    {
        if (m_error.isEmpty() && !std::exchange(m_released, true))
            QSqlDatabase::database(kName, false).rollback();
    }
    const QString &error() const { return m_error; }

private:
    static inline const QString kName = QStringLiteral("row-lock-holder");
    QString m_error;
    bool m_released = false;
};

} // namespace

// PUT /api/v1/products/{id} under optimistic locking: an update based on a
// version that has moved on is a 409, also when the updates race.
class ProductLockingTest : public ProductApiTestBase
{
    Q_OBJECT

private:
    // How many of the server's connections to the scratch database wait for a lock.
    int sessionsWaitingForALock()
    {
        QSqlQuery query(m_api->database().connection());
        if (!query.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity "
                                       "WHERE datname = current_database() AND wait_event_type = 'Lock'"))
            || !query.next())
            return -1;
        return query.value(0).toInt();
    }

private Q_SLOTS:
    void init()
    {
        const QString error = startWithCoffeeCategory();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup()
    {
        m_catalog.reset();
        m_api.reset();
    }

    void anUpdateBasedOnAnOldVersionIs409()
    {
        const QString path = createProduct(QStringLiteral("COF-1"));
        const qint64 version = m_api->get(path).json().value(QStringLiteral("version")).toInteger();
        QCOMPARE(put(path, {{QStringLiteral("name"), QStringLiteral("First")}, {QStringLiteral("version"), version}}).status, 200);

        const HttpReply stale = put(path, {{QStringLiteral("name"), QStringLiteral("Second")}, {QStringLiteral("version"), version}});
        QCOMPARE(stale.status, 409);
        verifyNoInternals(stale);
        QCOMPARE(m_api->get(path).json().value(QStringLiteral("name")).toString(), QStringLiteral("First"));

        const HttpReply current =
            put(path, {{QStringLiteral("name"), QStringLiteral("Second")}, {QStringLiteral("version"), version + 1}});
        QCOMPARE(current.status, 200);
        QCOMPARE(current.json().value(QStringLiteral("version")).toInteger(), version + 2);
    }

    void concurrentUpdatesFromOneVersionLetExactlyOneWin()
    {
        const QString path = createProduct(QStringLiteral("COF-1"));
        const qint64 version = m_api->get(path).json().value(QStringLiteral("version")).toInteger();
        constexpr int kWriters = 4;

        // Given every writer has read the same version and waits to write it,
        RowLock lock(m_api->databaseUrl(), path.section(u'/', -1));
        QVERIFY2(lock.error().isEmpty(), qPrintable(lock.error()));
        RequestBatch batch;
        const QUrl url(QStringLiteral("http://127.0.0.1:%1%2").arg(m_api->port()).arg(path));
        for (int i = 0; i < kWriters; ++i)
            batch.put(url, m_api->bearer(),
                      {{QStringLiteral("name"), QStringLiteral("Writer %1").arg(i)},
                       {QStringLiteral("inventoryQuantity"), 10 + i},
                       {QStringLiteral("version"), version}});
        QTRY_COMPARE_WITH_TIMEOUT(sessionsWaitingForALock(), kWriters, 20000);

        // when they may go on,
        lock.release();
        const QList<HttpReply> replies = batch.waitForAll();

        // then the first one wins and the others see that the version moved on.
        QStringList winners;
        int conflicts = 0;
        for (const HttpReply &reply : replies) {
            if (reply.status == 200)
                winners.append(reply.json().value(QStringLiteral("name")).toString());
            else if (reply.status == 409)
                ++conflicts;
            else
                QFAIL(qPrintable(QStringLiteral("unexpected %1: %2").arg(reply.status).arg(QString::fromUtf8(reply.body))));
        }
        QCOMPARE(winners.size(), 1);
        QCOMPARE(conflicts, kWriters - 1);
        const QJsonObject stored = m_api->get(path).json();
        QCOMPARE(stored.value(QStringLiteral("name")).toString(), winners.first());
        QCOMPARE(stored.value(QStringLiteral("inventoryQuantity")).toInt(),
                 10 + winners.first().mid(QStringLiteral("Writer ").size()).toInt());
        QCOMPARE(stored.value(QStringLiteral("version")).toInteger(), version + 1);
    }
};

QTEST_GUILESS_MAIN(ProductLockingTest)
#include "tst_productlocking.moc"
