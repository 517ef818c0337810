#include "catalog/stocklowalerts.h"
#include "events/stocklowevent.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace shop;

namespace {

const QDateTime kNoon(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);

StockChange change(qint64 before, qint64 after, std::optional<qint64> ownLevel = std::nullopt)
{
    return {QUuid::createUuid(), QStringLiteral("MUG-1"), QStringLiteral("Mug"), before, after, ownLevel};
}

StockLowAlert alertAt(const QDateTime &recordedAt)
{
    StockLowEvent event;
    event.eventId = QUuid::createUuid();
    return {event, recordedAt};
}

// A look as the repository answers it: newest first.
StockLowAlerts look(const QDateTime &databaseNow, QList<StockLowAlert> oldestFirst)
{
    std::reverse(oldestFirst.begin(), oldestFirst.end());
    return {databaseNow, oldestFirst};
}

} // namespace

// The StockLow contract, the crossing rule and the window's feed of alerts.
class StockLowEventTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void crossingIsFromAboveToAtOrBelow_data()
    {
        QTest::addColumn<qint64>("before");
        QTest::addColumn<qint64>("after");
        QTest::addColumn<qint64>("level");
        QTest::addColumn<bool>("crosses");
        QTest::newRow("down to the level") << qint64(6) << qint64(5) << qint64(5) << true;
        QTest::newRow("down past the level") << qint64(20) << qint64(1) << qint64(5) << true;
        QTest::newRow("already at the level") << qint64(5) << qint64(4) << qint64(5) << false;
        QTest::newRow("still above") << qint64(8) << qint64(6) << qint64(5) << false;
        QTest::newRow("a restock") << qint64(2) << qint64(10) << qint64(5) << false;
        QTest::newRow("level 0: the last unit") << qint64(1) << qint64(0) << qint64(0) << true;
        QTest::newRow("level 0: not yet") << qint64(3) << qint64(1) << qint64(0) << false;
    }

    void crossingIsFromAboveToAtOrBelow()
    {
        QFETCH(qint64, before);
        QFETCH(qint64, after);
        QFETCH(qint64, level);
        QFETCH(bool, crosses);
        QCOMPARE(crossesReorderLevel(before, after, level), crosses);
    }

    void theProductsOwnLevelWinsOverTheDefault()
    {
        const auto own = stockLowCrossing(change(9, 8, 8), 5, StockLowEvent::kCauseSale, kNoon, QStringLiteral("c"));
        QVERIFY(own);
        QCOMPARE(own->reorderLevel, 8);
        QVERIFY(!own->isDefaultLevel);
        QVERIFY(!stockLowCrossing(change(6, 5, 2), 5, StockLowEvent::kCauseSale, kNoon, QStringLiteral("c")));
        const auto byDefault = stockLowCrossing(change(6, 5), 5, StockLowEvent::kCauseSale, kNoon, QString());
        QVERIFY(byDefault);
        QVERIFY(byDefault->isDefaultLevel);
        QVERIFY(!byDefault->correlationId.isEmpty()); // a chain starts here when none was given
    }

    void theJsonRoundTripsWithEveryField()
    {
        auto event = stockLowCrossing(change(6, 4), 5, StockLowEvent::kCauseAdjustment, kNoon, QStringLiteral("corr-1"));
        QVERIFY(event);
        const QJsonObject json = QJsonDocument::fromJson(event->toJson()).object();
        QCOMPARE(json.value(QStringLiteral("eventType")).toString(), QStringLiteral("STOCK_LOW"));
        QCOMPARE(json.value(QStringLiteral("eventVersion")).toString(), QStringLiteral("1.0"));
        QCOMPARE(json.value(QStringLiteral("timestamp")).toString(), QStringLiteral("2026-11-23T12:00:00.000Z"));
        QCOMPARE(json.value(QStringLiteral("previousStock")).toInteger(), 6);
        QCOMPARE(json.value(QStringLiteral("stock")).toInteger(), 4);
        QCOMPARE(json.value(QStringLiteral("reorderLevel")).toInteger(), 5);
        QCOMPARE(json.value(QStringLiteral("reorderLevelSource")).toString(), QStringLiteral("DEFAULT"));
        QCOMPARE(json.value(QStringLiteral("cause")).toString(), QStringLiteral("ADJUSTMENT"));

        const Result<StockLowEvent> parsed = StockLowEvent::parse(event->toJson());
        QVERIFY(parsed);
        QCOMPARE(parsed->eventId, event->eventId);
        QCOMPARE(parsed->productId, event->productId);
        QCOMPARE(parsed->sku, event->sku);
        QCOMPARE(parsed->stock, 4);
        QVERIFY(parsed->isDefaultLevel);
        QCOMPARE(parsed->timestamp, kNoon);
    }

    void aBadPayloadNamesItsFields()
    {
        auto event = stockLowCrossing(change(6, 4), 5, StockLowEvent::kCauseSale, kNoon, QStringLiteral("c"));
        QJsonObject json = QJsonDocument::fromJson(event->toJson()).object();
        json.insert(QStringLiteral("stock"), -1);
        json.insert(QStringLiteral("reorderLevelSource"), QStringLiteral("GUESS"));
        json.remove(QStringLiteral("productId"));
        const Result<StockLowEvent> parsed = StockLowEvent::parse(QJsonDocument(json).toJson());
        QVERIFY(!parsed);
        QStringList fields;
        for (const FieldError &error : parsed.error().fields)
            fields << error.field;
        fields.sort();
        QCOMPARE(fields, (QStringList{QStringLiteral("productId"), QStringLiteral("reorderLevelSource"),
                                      QStringLiteral("stock")}));
    }

    void theFeedShowsEachAlertOnceAndNothingFromBeforeItsFirstLook()
    {
        StockLowFeed feed;
        QVERIFY(!feed.since());
        QVERIFY(feed.takeNew(look(kNoon, {})).isEmpty());
        QCOMPARE(*feed.since(), kNoon.addSecs(-StockLowFeed::kLookbackSeconds));

        const StockLowAlert first = alertAt(kNoon.addSecs(1));
        const StockLowAlert second = alertAt(kNoon.addSecs(2));
        const QList<StockLowEvent> fresh = feed.takeNew(look(kNoon.addSecs(5), {first, second}));
        QCOMPARE(fresh.size(), 2);
        QCOMPARE(fresh.at(0).eventId, first.event.eventId); // oldest first
        // The next look goes back again and finds a late commit beside the two.
        const StockLowAlert late = alertAt(kNoon.addMSecs(1500));
        const QList<StockLowEvent> again = feed.takeNew(look(kNoon.addSecs(10), {first, late, second}));
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.first().eventId, late.event.eventId);
    }

    void theFeedForgetsWhatALookCanNoLongerReturn()
    {
        StockLowFeed feed;
        feed.takeNew(look(kNoon, {}));
        feed.takeNew(look(kNoon.addSecs(1), {alertAt(kNoon), alertAt(kNoon.addSecs(1))}));
        QCOMPARE(feed.rememberedCount(), 2);
        feed.takeNew(look(kNoon.addSecs(StockLowFeed::kLookbackSeconds + 1), {}));
        QCOMPARE(feed.rememberedCount(), 1); // the one at noon is out of the lookback
    }

    void theFeedRemembersAtMostItsBound()
    {
        StockLowFeed feed(10);
        feed.takeNew(look(kNoon, {}));
        QList<StockLowAlert> burst;
        for (int i = 0; i < 25; ++i)
            burst.append(alertAt(kNoon.addMSecs(i)));
        QCOMPARE(feed.takeNew(look(kNoon.addSecs(1), burst)).size(), 25);
        QCOMPARE(feed.rememberedCount(), 10);
        // The newest ten are the ones kept.
        QVERIFY(feed.takeNew(look(kNoon.addSecs(2), burst.mid(15))).isEmpty());
    }
};

QTEST_GUILESS_MAIN(StockLowEventTest)
#include "tst_stocklowevent.moc"
