#include "catalogapiclient.h"

#include <QtTest>

#include <QSet>

using namespace testsupport;

namespace {

const QString kProducts = QStringLiteral("/api/v1/products");

QString field(const QJsonObject &object, const char *name)
{
    return object.value(QLatin1String(name)).toString();
}

QStringList idsOf(const QJsonObject &page)
{
    QStringList ids;
    for (const QJsonValue &product : page.value(QStringLiteral("content")).toArray())
        ids.append(field(product.toObject(), "id"));
    return ids;
}

// A cursor as the API encodes one, with whatever fields a hostile client chooses.
QString encoded(const QByteArray &text)
{
    return QString::fromLatin1(text.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QJsonObject decoded(const QString &cursor)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(cursor.toLatin1(), QByteArray::Base64UrlEncoding)).object();
}

} // namespace

// GET /api/v1/products?cursor=: following nextCursor from the first page
// walks the listing page by page, every product exactly once and in the
// listing's order, for every sort, direction and filter, with many equal
// sort values (ties go by id); the pages keep number, totalElements and
// totalPages; and a cursor that is not one the API gave out for that
// listing is a 400 naming cursor.
class CursorPagingTest : public ProductApiTestBase
{
    Q_OBJECT

private:
    QString m_teaId;

    // The whole listing in one page (the reference order).
    QStringList wholeListing(const QString &query)
    {
        const HttpReply reply = m_api->get(kProducts + QStringLiteral("?size=100&") + query);
        if (reply.status != 200)
            return {};
        return idsOf(reply.json());
    }

private Q_SLOTS:
    // One catalog for the whole test: only the last test function changes it.
    void initTestCase()
    {
        const QString error = startWithCoffeeCategory();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_teaId = createCategory(QStringLiteral("Tea"));
        // 3 names, 3 prices, 2 stock levels, and three products a second:
        // every sort key has ties, and ties must go by id.
        const QStringList names{QStringLiteral("Beans"), QStringLiteral("Aeropress"), QStringLiteral("Tamper")};
        const QList<double> prices{4.99, 1.50, 4.99 + 5.00};
        for (int i = 0; i < 29; ++i) {
            QJsonObject body = productBody(QStringLiteral("SKU-%1").arg(i % 7 == 0 ? 90 - i : i, 2, 10, QChar(u'0')),
                                           i % 4 == 0 ? m_teaId : m_coffeeId);
            body.insert(QStringLiteral("name"), names.at(i % 3));
            body.insert(QStringLiteral("price"), prices.at(i % 3 == 0 ? 0 : i % 2 + 1));
            body.insert(QStringLiteral("inventoryQuantity"), i % 2 * 10);
            body.insert(QStringLiteral("isActive"), i % 9 != 4);
            QCOMPARE(postProduct(body).status, 201);
            if (i % 3 == 2)
                m_api->clock().advance(1);
        }
    }

    void cleanupTestCase()
    {
        m_catalog.reset();
        m_api.reset();
    }

    void followingNextCursorWalksEveryProductOnceInOrder_data()
    {
        QTest::addColumn<QString>("query");
        for (const QString &sort : {QStringLiteral("name"), QStringLiteral("price"), QStringLiteral("createdAt"),
                                    QStringLiteral("sku"), QStringLiteral("inventoryQuantity")}) {
            for (const QString &direction : {QStringLiteral("asc"), QStringLiteral("desc")}) {
                const QString sorted = QStringLiteral("sortBy=%1&sortDir=%2").arg(sort, direction);
                QTest::addRow("%s %s", qPrintable(sort), qPrintable(direction)) << sorted;
                QTest::addRow("%s %s in Tea", qPrintable(sort), qPrintable(direction))
                    << sorted + QStringLiteral("&categoryId=%T");
                QTest::addRow("%s %s inactive", qPrintable(sort), qPrintable(direction))
                    << sorted + QStringLiteral("&isActive=false");
            }
        }
        QTest::newRow("defaults") << QString();
    }

    void followingNextCursorWalksEveryProductOnceInOrder()
    {
        QFETCH(QString, query);
        query.replace(QStringLiteral("%T"), m_teaId);
        const QStringList expected = wholeListing(query);
        QVERIFY(expected.size() >= 2);
        const int size = 3;
        const qint64 totalPages = (expected.size() + size - 1) / size;

        QStringList walked;
        QString cursor;
        for (int number = 0; number < totalPages; ++number) {
            const QString paging = number == 0 ? QStringLiteral("page=0") : QStringLiteral("cursor=") + cursor;
            const HttpReply reply = m_api->get(kProducts + QStringLiteral("?size=%1&%2&%3").arg(size).arg(paging, query));
            QCOMPARE(reply.status, 200);
            const QJsonObject page = reply.json();
            QCOMPARE(page.value(QStringLiteral("number")).toInt(), number);
            QCOMPARE(page.value(QStringLiteral("size")).toInt(), size);
            QCOMPARE(page.value(QStringLiteral("totalElements")).toInt(), expected.size());
            QCOMPARE(page.value(QStringLiteral("totalPages")).toInt(), totalPages);
            walked += idsOf(page);
            // The cursor page is the page its number names.
            const HttpReply byOffset =
                m_api->get(kProducts + QStringLiteral("?size=%1&page=%2&%3").arg(size).arg(number).arg(query));
            QCOMPARE(idsOf(page), idsOf(byOffset.json()));
            QCOMPARE(page.contains(QStringLiteral("nextCursor")), number + 1 < totalPages);
            cursor = page.value(QStringLiteral("nextCursor")).toString();
        }
        QCOMPARE(walked, expected);
        QCOMPARE(QSet<QString>(walked.begin(), walked.end()).size(), walked.size());
    }

    void aCursorThatIsNotOneOfThisListingsIsA400NamingCursor_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("cursor"); // %P: a real cursor of ?size=3&sortBy=price
        QTest::addColumn<QStringList>("fields");
        const QStringList cursor{QStringLiteral("cursor")};
        const QString uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const auto json = [](const QString &text) { return encoded(text.toUtf8()); };
        QTest::newRow("empty") << QStringLiteral("sortBy=price") << QString() << cursor;
        QTest::newRow("not base64url") << QStringLiteral("sortBy=price") << QStringLiteral("a+b/c==") << cursor;
        QTest::newRow("bad padding") << QStringLiteral("sortBy=price") << QStringLiteral("a") << cursor;
        QTest::newRow("not JSON") << QStringLiteral("sortBy=price") << encoded("price>4.99") << cursor;
        QTest::newRow("a JSON array") << QStringLiteral("sortBy=price") << json(QStringLiteral("[1,2]")) << cursor;
        QTest::newRow("too long") << QStringLiteral("sortBy=price") << QString(5000, u'A') << cursor;
        QTest::newRow("binary") << QStringLiteral("sortBy=price") << encoded(QByteArray("\x00\xff\xfe{", 4)) << cursor;
        QTest::newRow("of another sort") << QStringLiteral("sortBy=name") << QStringLiteral("%P") << cursor;
        QTest::newRow("of another direction") << QStringLiteral("sortBy=price&sortDir=desc") << QStringLiteral("%P") << cursor;
        QTest::newRow("of another filter") << QStringLiteral("sortBy=price&isActive=false") << QStringLiteral("%P") << cursor;
        QTest::newRow("of another size") << QStringLiteral("sortBy=price&size=4") << QStringLiteral("%P") << cursor;
        QTest::newRow("forged fingerprint") << QStringLiteral("sortBy=price")
                                            << json(QStringLiteral(R"({"v":1,"f":"0000","n":1,"k":499,"i":"%1"})").arg(uuid))
                                            << cursor;
        QTest::newRow("with other parameters wrong too") << QStringLiteral("sortBy=price&size=0") << QStringLiteral("!")
                                                         << QStringList{QStringLiteral("size"), QStringLiteral("cursor")};
    }

    void aCursorThatIsNotOneOfThisListingsIsA400NamingCursor()
    {
        QFETCH(QString, query);
        QFETCH(QString, cursor);
        QFETCH(QStringList, fields);
        const QString real = field(m_api->get(kProducts + QStringLiteral("?size=3&sortBy=price")).json(), "nextCursor");
        QVERIFY(!real.isEmpty());
        cursor.replace(QStringLiteral("%P"), real);
        const HttpReply reply = m_api->get(kProducts + u'?' + query + QStringLiteral("&cursor=")
                                           + QString::fromLatin1(QUrl::toPercentEncoding(cursor)));
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/problem+json"));
        QCOMPARE(errorFields(reply), fields);
        verifyNoInternals(reply);
    }

    // The fields a cursor carries are checked one by one: a cursor of the
    // right listing with one field changed is still a 400, never a 500.
    void aCursorWithAnyFieldChangedIsA400_data()
    {
        QTest::addColumn<QString>("sortBy");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QJsonValue>("value");
        // Keys of the right JSON type that the sort's column cannot hold.
        QTest::newRow("stock beyond an integer") << QStringLiteral("inventoryQuantity") << QStringLiteral("k")
                                                 << QJsonValue(1099511627776.0);
        QTest::newRow("createdAt past year 9999") << QStringLiteral("createdAt") << QStringLiteral("k")
                                                  << QJsonValue(4102444800000000.0);
        QTest::newRow("name with a NUL") << QStringLiteral("name") << QStringLiteral("k")
                                         << QJsonValue(QStringLiteral("Beans") + QChar(0));
        QTest::newRow("name a number") << QStringLiteral("name") << QStringLiteral("k") << QJsonValue(5);
        QTest::newRow("createdAt a date text") << QStringLiteral("createdAt") << QStringLiteral("k")
                                               << QJsonValue(QStringLiteral("2026-12-01T00:00:00Z"));
        QTest::newRow("key a string") << QStringLiteral("price") << QStringLiteral("k") << QJsonValue(QStringLiteral("4.99"));
        QTest::newRow("key a fraction") << QStringLiteral("price") << QStringLiteral("k") << QJsonValue(4.5);
        QTest::newRow("key too large") << QStringLiteral("price") << QStringLiteral("k") << QJsonValue(1e300);
        QTest::newRow("key null") << QStringLiteral("price") << QStringLiteral("k") << QJsonValue();
        QTest::newRow("key an object") << QStringLiteral("price") << QStringLiteral("k") << QJsonValue(QJsonObject{});
        QTest::newRow("id not a UUID") << QStringLiteral("price") << QStringLiteral("i") << QJsonValue(QStringLiteral("1 OR 1=1"));
        QTest::newRow("id a number") << QStringLiteral("price") << QStringLiteral("i") << QJsonValue(7);
        QTest::newRow("page 0") << QStringLiteral("price") << QStringLiteral("n") << QJsonValue(0);
        QTest::newRow("page negative") << QStringLiteral("price") << QStringLiteral("n") << QJsonValue(-3);
        QTest::newRow("page past the limit") << QStringLiteral("price") << QStringLiteral("n") << QJsonValue(10000001);
        QTest::newRow("page a fraction") << QStringLiteral("price") << QStringLiteral("n") << QJsonValue(1.5);
        QTest::newRow("another version") << QStringLiteral("price") << QStringLiteral("v") << QJsonValue(2);
    }

    void aCursorWithAnyFieldChangedIsA400()
    {
        QFETCH(QString, sortBy);
        QFETCH(QString, name);
        QFETCH(QJsonValue, value);
        const QString listing = kProducts + QStringLiteral("?size=3&sortBy=") + sortBy;
        const QString real = field(m_api->get(listing).json(), "nextCursor");
        QJsonObject fields = decoded(real);
        QVERIFY(fields.contains(name));
        QCOMPARE(m_api->get(listing + QStringLiteral("&cursor=") + real).status, 200);
        fields.insert(name, value);
        const QString changed = encoded(QJsonDocument(fields).toJson(QJsonDocument::Compact));
        const HttpReply reply = m_api->get(listing + QStringLiteral("&cursor=") + changed);
        QCOMPARE(reply.status, 400);
        QCOMPARE(errorFields(reply), QStringList{QStringLiteral("cursor")});
        verifyNoInternals(reply);
    }

    // Last: it deactivates products.
    void aPageOfACursorIsEmptyWhenItsRowsWentAway()
    {
        const HttpReply first = m_api->get(kProducts + QStringLiteral("?size=20&sortBy=price"));
        const QString cursor = field(first.json(), "nextCursor");
        QVERIFY(!cursor.isEmpty());
        const QStringList rest = idsOf(m_api->get(kProducts + QStringLiteral("?size=20&sortBy=price&cursor=") + cursor).json());
        QVERIFY(!rest.isEmpty());
        for (const QString &id : rest)
            QCOMPARE(m_api->send("DELETE", kProducts + u'/' + id, {}, asManager()).status, 204);
        const HttpReply after = m_api->get(kProducts + QStringLiteral("?size=20&sortBy=price&cursor=") + cursor);
        QCOMPARE(after.status, 200);
        QVERIFY(idsOf(after.json()).isEmpty());
        QCOMPARE(after.json().value(QStringLiteral("totalElements")).toInt(), 20);
        QVERIFY(!after.json().contains(QStringLiteral("nextCursor")));
    }
};

QTEST_GUILESS_MAIN(CursorPagingTest)
#include "tst_cursorpaging.moc"
