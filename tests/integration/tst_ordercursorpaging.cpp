#include "catalogapiclient.h"
#include "orderapitestbase.h"

#include <QtTest>

#include <QSet>

using namespace testsupport;

namespace {

QStringList idsOf(const QJsonObject &page)
{
    QStringList ids;
    for (const QJsonValue &order : page.value(QStringLiteral("content")).toArray())
        ids.append(order.toObject().value(QStringLiteral("id")).toString());
    return ids;
}

} // namespace

// GET /api/v1/orders?cursor= (managers): following nextCursor walks the
// list, newest first, every order exactly once, with and without each
// filter and with several orders created in the same millisecond; a cursor
// of another list is a 400 naming cursor.
class OrderCursorPagingTest : public OrderApiTestBase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // Three orders per creation time, so ties go by id.
        for (int i = 0; i < 14; ++i) {
            const QString email = i % 2 == 0 ? QStringLiteral("ada@example.com") : QStringLiteral("bob@example.com");
            QVERIFY(!addOrder(i % 3 == 0 ? QStringLiteral("PAID") : QStringLiteral("PENDING"), 60 * 24 * (i / 3), email)
                         .orderNumber.isEmpty());
        }
    }

    void cleanupTestCase() { stop(); }

    void followingNextCursorWalksEveryOrderOnce_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::newRow("all") << QString();
        QTest::newRow("PAID") << QStringLiteral("&status=PAID");
        QTest::newRow("one customer") << QStringLiteral("&customerEmail=ada@example.com");
        QTest::newRow("dates") << QStringLiteral("&startDate=%S&endDate=%E");
    }

    void followingNextCursorWalksEveryOrderOnce()
    {
        QFETCH(QString, filter);
        filter.replace(QStringLiteral("%S"), now().addDays(-3).date().toString(Qt::ISODate))
            .replace(QStringLiteral("%E"), now().date().toString(Qt::ISODate));
        const QStringList expected = idsOf(list(QStringLiteral("?size=100") + filter).json());
        QVERIFY(expected.size() >= 3);
        const int size = 2;
        const int totalPages = (expected.size() + size - 1) / size;
        QStringList walked;
        QString paging = QStringLiteral("page=0");
        for (int number = 0; number < totalPages; ++number) {
            const HttpReply reply = list(QStringLiteral("?size=%1&%2").arg(size).arg(paging) + filter);
            QCOMPARE(reply.status, 200);
            const QJsonObject page = reply.json();
            QCOMPARE(page.value(QStringLiteral("number")).toInt(), number);
            QCOMPARE(page.value(QStringLiteral("totalElements")).toInt(), expected.size());
            QCOMPARE(page.value(QStringLiteral("totalPages")).toInt(), totalPages);
            QCOMPARE(page.contains(QStringLiteral("nextCursor")), number + 1 < totalPages);
            walked += idsOf(page);
            paging = QStringLiteral("cursor=") + page.value(QStringLiteral("nextCursor")).toString();
        }
        QCOMPARE(walked, expected);
        QCOMPARE(QSet<QString>(walked.begin(), walked.end()).size(), walked.size());
    }

    void aCursorOfAnotherListIsA400NamingCursor()
    {
        const QString paid = list(QStringLiteral("?size=2&status=PAID")).json().value(QStringLiteral("nextCursor")).toString();
        QVERIFY(!paid.isEmpty());
        QCOMPARE(list(QStringLiteral("?size=2&status=PAID&cursor=") + paid).status, 200);
        // The right list's cursor with a createdAt no timestamptz holds, or not a number.
        const auto withKey = [&paid](const QJsonValue &key) {
            QJsonObject fields =
                QJsonDocument::fromJson(QByteArray::fromBase64(paid.toLatin1(), QByteArray::Base64UrlEncoding)).object();
            fields.insert(QStringLiteral("k"), key);
            return QString::fromLatin1(QJsonDocument(fields).toJson(QJsonDocument::Compact)
                                           .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        };
        for (const QString &query : QStringList{QStringLiteral("?size=2&cursor=") + paid,
                                                 QStringLiteral("?size=2&status=PENDING&cursor=") + paid,
                                                 QStringLiteral("?size=3&status=PAID&cursor=") + paid,
                                                 QStringLiteral("?size=2&status=PAID&cursor=") + paid.left(paid.size() - 3),
                                                 QStringLiteral("?size=2&status=PAID&cursor=%00"),
                                                 QStringLiteral("?size=2&status=PAID&cursor="),
                                                 QStringLiteral("?size=2&status=PAID&cursor=") + withKey(4.1e15),
                                                 QStringLiteral("?size=2&status=PAID&cursor=") + withKey(1e300),
                                                 QStringLiteral("?size=2&status=PAID&cursor=") + withKey(QStringLiteral("now"))}) {
            const HttpReply reply = list(query);
            QCOMPARE(reply.status, 400);
            QCOMPARE(errorFields(reply), QStringList{QStringLiteral("cursor")});
            QVERIFY2(problemLeaks(reply).isEmpty(), qPrintable(problemLeaks(reply)));
        }
    }
};

QTEST_GUILESS_MAIN(OrderCursorPagingTest)
#include "tst_ordercursorpaging.moc"
