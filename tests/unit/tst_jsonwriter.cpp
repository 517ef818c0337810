#include "api/catalogjson.h"
#include "core/clock.h"
#include "core/jsonwriter.h"
#include "core/metrics.h"
#include "http/entitytag.h"

#include <QJsonDocument>
#include <QtTest>

using namespace shop;

namespace {

QByteArray viaQt(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray written(const QString &text)
{
    JsonWriter json;
    json.beginObject();
    json.key("s");
    json.string(text);
    json.endObject();
    return json.take();
}

// Strings a client or a manager could store: every control character, quotes,
// backslashes, 2-, 3- and 4-byte UTF-8, and surrogates without their pair.
QStringList hostileStrings()
{
    QString controls;
    for (char16_t c = 0; c < 0x20; ++c)
        controls.append(QChar(c));
    QString lone;
    lone.append(QChar(0xd800)).append(u'x').append(QChar(0xdc00)).append(QChar(0xdbff));
    QString highAtEnd = QStringLiteral("end");
    highAtEnd.append(QChar(0xd83d));
    QString swapped;
    swapped.append(QChar(0xdc00)).append(QChar(0xd800));
    return {QString(), controls, QStringLiteral("\"quoted\" \\back\\slash\\ /slash/"),
            QStringLiteral("caf\u00e9 \u00fc\u00df \u20ac \u4e2d\u6587 \U0001F600 \u007f \u0080 \u07ff \u0800 \uffff"),
            lone, highAtEnd, swapped, QStringLiteral("</script><script>alert(1)</script>"),
            QString(5000, QChar(u'\u00e9'))};
}

Product sampleProduct(const QString &text)
{
    Product product;
    product.id = QUuid::createUuid();
    product.sku = QStringLiteral("SKU-") + text.left(3);
    product.name = text;
    product.description = text;
    product.price = Money::fromCents(1999);
    product.inventoryQuantity = 42;
    product.categoryId = QUuid::createUuid();
    product.version = 7;
    product.createdAt = QDateTime(QDate(2026, 11, 23), QTime(12, 34, 56, 789), Qt::UTC);
    product.updatedAt = QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59, 1), Qt::UTC);
    return product;
}

} // namespace

// core/jsonwriter.h writes what QJsonDocument writes, byte for byte, so the
// hot responses changed writer without a client seeing it.
class JsonWriterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stringsAreEscapedAsQtEscapesThem()
    {
        for (const QString &text : hostileStrings())
            QCOMPARE(written(text), viaQt({{QStringLiteral("s"), text}}));
        // Every single UTF-16 code unit, alone and before an ASCII letter.
        for (int unit = 0; unit <= 0xffff; ++unit) {
            const QString one(QChar(static_cast<char16_t>(unit)));
            const QString text = one + u'a' + one;
            QCOMPARE(written(text), viaQt({{QStringLiteral("s"), text}}));
        }
    }

    void numbersAreFormattedAsQtFormatsThem()
    {
        const QList<qint64> integers{0, 1, -1, 42, 999999, -2147483649LL, 9007199254740991LL,
                                     std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::min()};
        for (qint64 value : integers) {
            JsonWriter json;
            json.beginObject();
            json.key("n");
            json.integer(value);
            json.endObject();
            QCOMPARE(json.take(), viaQt({{QStringLiteral("n"), value}}));
        }
        const QList<qint64> cents{0, 1, 10, 99, 100, 1999, 123456789, 1000000000, 99999999999LL, 100000000000LL,
                                  -1999, 1000000000000000LL, 1000000000000001LL};
        for (qint64 amount : cents) {
            const Money money = Money::fromCents(amount);
            JsonWriter json;
            json.beginObject();
            json.key("price");
            json.number(money.toJson().toDouble());
            json.endObject();
            QCOMPARE(json.take(), viaQt({{QStringLiteral("price"), money.toJson()}}));
        }
        for (double value : {0.5, -0.0, 1e7, 1e20, -1e20, 9.2233720368547758e18, 1e-7, 0.1 + 0.2,
                             std::numeric_limits<double>::infinity(), std::nan("")}) {
            JsonWriter json;
            json.beginObject();
            json.key("d");
            json.number(value);
            json.endObject();
            QCOMPARE(json.take(), viaQt({{QStringLiteral("d"), value}}));
        }
    }

    void timesAreTheContractsIsoForm()
    {
        const QList<QDateTime> times{
            QDateTime(QDate(1970, 1, 1), QTime(0, 0), Qt::UTC),
            QDateTime(QDate(1969, 12, 31), QTime(23, 59, 59, 999), Qt::UTC),
            QDateTime(QDate(2000, 2, 29), QTime(1, 2, 3, 4), Qt::UTC),
            QDateTime(QDate(2026, 11, 23), QTime(12, 34, 56, 789), Qt::OffsetFromUTC, 7200),
            QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC),
            QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC),
            QDateTime(QDate(10000, 1, 1), QTime(0, 0), Qt::UTC),
            QDateTime(QDate(2024, 3, 31), QTime(2, 30), Qt::LocalTime),
            QDateTime(),
        };
        for (const QDateTime &time : times) {
            JsonWriter json;
            json.beginObject();
            json.key("t");
            json.isoUtc(time);
            json.endObject();
            QCOMPARE(json.take(), viaQt({{QStringLiteral("t"), toIsoUtc(time)}}));
        }
        // Every day over four centuries, at a time with milliseconds.
        const QDateTime start(QDate(1800, 1, 1), QTime(13, 7, 9, 50), Qt::UTC);
        for (int day = 0; day < 146097; day += 7) {
            const QDateTime time = start.addDays(day);
            JsonWriter json;
            json.isoUtc(time);
            QCOMPARE(json.take(), '"' + toIsoUtc(time).toUtf8() + '"');
        }
    }

    // Ids as QUuid writes them without braces: every hex digit of every
    // field at each of its values, the nil id and the all-ones one.
    void uuidsAreQtsText()
    {
        QList<QUuid> ids{QUuid(), QUuid(QStringLiteral("ffffffff-ffff-ffff-ffff-ffffffffffff"))};
        for (int digit = 0; digit < 32; ++digit) {
            for (int value = 0; value < 16; ++value) {
                QByteArray hex(32, '0');
                hex[digit] = "0123456789abcdef"[value];
                const QByteArray text = hex.left(8) + '-' + hex.mid(8, 4) + '-' + hex.mid(12, 4) + '-'
                                      + hex.mid(16, 4) + '-' + hex.mid(20);
                ids.append(QUuid::fromString(QLatin1StringView(text)));
            }
        }
        for (int i = 0; i < 100; ++i)
            ids.append(QUuid::createUuid());
        for (const QUuid &id : ids) {
            JsonWriter json;
            json.uuid(id);
            QCOMPARE(json.take(), '"' + id.toByteArray(QUuid::WithoutBraces) + '"');
        }
    }

    void productAndPageBodiesAreTheQJsonDocumentBytes()
    {
        QList<Product> products;
        for (const QString &text : hostileStrings()) {
            Product product = sampleProduct(text);
            QCOMPARE(catalogjson::productBody(product), viaQt(catalogjson::toJson(product)));
            product.description.reset();
            product.reorderLevel = 5;
            product.isActive = false;
            QCOMPARE(catalogjson::productBody(product), viaQt(catalogjson::toJson(product)));
            products.append(product);
        }
        PageRequest request;
        request.page = 3;
        request.size = 7;
        for (qint64 total : {qint64(0), qint64(20), qint64(953), qint64(1000000)}) {
            const ProductPage page{products, total};
            QCOMPARE(catalogjson::productPageBody(page, request),
                     viaQt(pageJson(catalogjson::toJson(page.items), total, request)));
        }
        QCOMPARE(catalogjson::productPageBody(ProductPage{}, PageRequest{}),
                 viaQt(pageJson(QJsonArray(), 0, PageRequest{})));
        const QString next = QStringLiteral("eyJrIjoiRXNwcmVzc28ifQ");
        const ProductPage full{products, 1000000};
        QCOMPARE(catalogjson::productPageBody(full, request, next),
                 viaQt(pageJson(catalogjson::toJson(full.items), full.totalElements, request, next)));
    }

    void entityTagsFollowTheBody()
    {
        const QByteArray body = catalogjson::productBody(sampleProduct(QStringLiteral("Espresso")));
        const QByteArray tag = entityTagOf(body);
        QCOMPARE(tag.size(), 18);
        QVERIFY(tag.startsWith('"') && tag.endsWith('"'));
        QCOMPARE(entityTagOf(QByteArray(body)), tag);
        // One byte anywhere changes it: a stock of 42 or 43, a last byte.
        QByteArray changed = body;
        changed.replace("\"inventoryQuantity\":42", "\"inventoryQuantity\":43");
        QVERIFY(entityTagOf(changed) != tag);
        QVERIFY(entityTagOf(body.chopped(1)) != tag);
        QVERIFY(entityTagOf(QByteArray()) != entityTagOf(QByteArray(1, '\0')));
    }

    void ifNoneMatchComparesWeaklyAndListwise()
    {
        const QByteArray tag = "\"0123456789abcdef\"";
        QVERIFY(ifNoneMatchHolds(tag, tag));
        QVERIFY(ifNoneMatchHolds(QByteArray("W/" + tag), tag));
        QVERIFY(ifNoneMatchHolds(QByteArray(" \"x\", " + tag + " "), tag));
        QVERIFY(ifNoneMatchHolds("*", tag));
        QVERIFY(!ifNoneMatchHolds("", tag));
        QVERIFY(!ifNoneMatchHolds("\"0123456789abcdee\"", tag));
        QVERIFY(!ifNoneMatchHolds("0123456789abcdef", tag));
        QVERIFY(!ifNoneMatchHolds(",,,", tag));
    }

    // The shortcut to each request histogram is bounded; past it every
    // request is still counted.
    void httpSeriesShortcutIsBoundedAndCountsEverything()
    {
        Metrics metrics;
        const int series = static_cast<int>(Metrics::kMaxCachedHttpSeries) + 100;
        for (int round = 0; round < 2; ++round) {
            for (int i = 0; i < series; ++i)
                metrics.observeHttpRequest("M" + QByteArray::number(i), "/r", 200, 0.001);
        }
        QCOMPARE(metrics.cachedHttpSeries(), Metrics::kMaxCachedHttpSeries);
        const QByteArray text = metrics.scrape();
        QVERIFY(text.contains("http_server_requests_seconds_count{method=\"M0\",status=\"200\",uri=\"/r\"} 2"));
        const QByteArray last = "http_server_requests_seconds_count{method=\"M" + QByteArray::number(series - 1)
                              + "\",status=\"200\",uri=\"/r\"} 2";
        QVERIFY2(text.contains(last), last.constData());
    }
};

QTEST_GUILESS_MAIN(JsonWriterTest)
#include "tst_jsonwriter.moc"
