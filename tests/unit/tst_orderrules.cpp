#include "core/clock.h"
#include "orders/ordertypes.h"
#include "orders/ordervalidation.h"

#include <QtTest>

using namespace shop;

namespace {

QStringList fieldsOf(const QList<FieldError> &errors)
{
    QStringList fields;
    for (const FieldError &error : errors)
        fields.append(error.field);
    return fields;
}

QDateTime utc(int day, int hour)
{
    return QDateTime(QDate(2026, 3, day), QTime(hour, 0), Qt::UTC);
}

} // namespace

// The order lifecycle rules and the manager operations' input rules,
// without a database: what REST and the manager window both enforce.
class OrderRulesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onlyPendingProcessingOrPaidOrdersCanBeCancelled_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("canBeCancelled");
        QTest::addColumn<bool>("canBeFulfilled");
        QTest::newRow("PENDING") << "PENDING" << true << false;
        QTest::newRow("PROCESSING") << "PROCESSING" << true << false;
        QTest::newRow("PAID") << "PAID" << true << true;
        QTest::newRow("FULFILLED") << "FULFILLED" << false << false;
        QTest::newRow("FAILED") << "FAILED" << false << false;
        QTest::newRow("CANCELLED") << "CANCELLED" << false << false;
    }

    void onlyPendingProcessingOrPaidOrdersCanBeCancelled()
    {
        QFETCH(QString, status);
        QFETCH(bool, canBeCancelled);
        QFETCH(bool, canBeFulfilled);
        const std::optional<OrderStatus> parsed = parseOrderStatus(status);
        QVERIFY(parsed);
        QCOMPARE(statusName(*parsed), status);
        QCOMPARE(canCancel(*parsed), canBeCancelled);
        QCOMPARE(canFulfill(*parsed), canBeFulfilled);
    }

    void statusNamesAreExact()
    {
        QCOMPARE(orderStatusNames().size(), 6);
        QVERIFY(!parseOrderStatus(QStringLiteral("paid")));
        QVERIFY(!parseOrderStatus(QStringLiteral(" PAID")));
        QVERIFY(!parseOrderStatus(QString()));
        QCOMPARE(statusName(*parsePaymentStatus(QStringLiteral("SUCCESS"))), QStringLiteral("SUCCESS"));
        QVERIFY(!parsePaymentStatus(QStringLiteral("PAID")));
    }

    void orderNumbersHaveTheCheckoutShape()
    {
        QVERIFY(isOrderNumber(QStringLiteral("ORD-20261123-001")));
        QVERIFY(isOrderNumber(QStringLiteral("ORD-20261123-123456")));
        QVERIFY(!isOrderNumber(QStringLiteral("ORD-20261123-01")));
        QVERIFY(!isOrderNumber(QStringLiteral("ord-20261123-001")));
        QVERIFY(!isOrderNumber(QStringLiteral("ORD-20261123-001\n")));
        QVERIFY(!isOrderNumber(QStringLiteral("ORD-2026112-001")));
        QVERIFY(!isOrderNumber(QString()));
    }

    void aCancellationNeedsAReasonOf1To500Characters_data()
    {
        QTest::addColumn<QString>("reason");
        QTest::addColumn<bool>("isValid");
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("blank") << QStringLiteral(" \t\n") << false;
        QTest::newRow("one") << QStringLiteral("x") << true;
        QTest::newRow("500") << QString(500, u'r') << true;
        QTest::newRow("500 padded") << (QStringLiteral("  ") + QString(500, u'r') + QStringLiteral("  ")) << true;
        QTest::newRow("501") << QString(501, u'r') << false;
        QTest::newRow("500 emoji") << QString(500, u'x').replace(u'x', QStringLiteral("\U0001F600")) << true;
        QTest::newRow("NUL") << QStringView(u"a\0b", 3).toString() << false;
    }

    void aCancellationNeedsAReasonOf1To500Characters()
    {
        QFETCH(QString, reason);
        QFETCH(bool, isValid);
        const QList<FieldError> errors = orders::validateCancellation(reason);
        QCOMPARE(errors.isEmpty(), isValid);
        if (!isValid)
            QCOMPARE(fieldsOf(errors), QStringList{QStringLiteral("reason")});
    }

    void fulfillmentDetailsAreOptionalWithLimits()
    {
        QVERIFY(orders::validateFulfillment({}).isEmpty());
        QVERIFY(orders::validateFulfillment({QString(100, u't'), QString(100, u'c'), QString(1000, u'n')}).isEmpty());
        QCOMPARE(fieldsOf(orders::validateFulfillment({QString(101, u't'), QString(101, u'c'), QString(1001, u'n')})),
                 (QStringList{QStringLiteral("trackingNumber"), QStringLiteral("carrier"), QStringLiteral("notes")}));
    }

    void storedTextIsTrimmedAndBlankDetailsAreDropped()
    {
        QCOMPARE(orders::normalizedReason(QStringLiteral("  late \n")), QStringLiteral("late"));
        const Fulfillment details = orders::normalized({QStringLiteral(" 1Z9 "), QStringLiteral("  "), std::nullopt});
        QCOMPARE(details.trackingNumber, std::optional<QString>(QStringLiteral("1Z9")));
        QVERIFY(!details.carrier);
        QVERIFY(!details.notes);
    }

    void aFilterMustNotContradictItself()
    {
        QVERIFY(orders::validateOrderFilter({}).isEmpty());
        OrderFilter sameInstant;
        sameInstant.startDate = utc(2, 0);
        sameInstant.endDate = utc(2, 0);
        QVERIFY(orders::validateOrderFilter(sameInstant).isEmpty());

        OrderFilter reversed;
        reversed.startDate = utc(3, 0);
        reversed.endDate = utc(2, 23);
        reversed.customerEmail = QStringLiteral(" ");
        QCOMPARE(fieldsOf(orders::validateOrderFilter(reversed)),
                 (QStringList{QStringLiteral("customerEmail"), QStringLiteral("startDate")}));
    }

    void isoDateTimesAreReadAsUtc()
    {
        QCOMPARE(parseIsoDateTime(QStringLiteral("2026-03-02T10:00:00.250Z")), std::optional(QDateTime(QDate(2026, 3, 2), QTime(10, 0, 0, 250), Qt::UTC)));
        QCOMPARE(parseIsoDateTime(QStringLiteral("2026-03-02T12:00:00+02:00")), std::optional(utc(2, 10)));
        QCOMPARE(parseIsoDateTime(QStringLiteral("2026-03-02T10:00:00")), std::optional(utc(2, 10)));
        QVERIFY(!parseIsoDateTime(QStringLiteral("2026-03-02")));
        QVERIFY(!parseIsoDateTime(QStringLiteral("2026-03-02 10:00:00")));
        QVERIFY(!parseIsoDateTime(QStringLiteral("2026-03-32T10:00:00Z")));
        QVERIFY(!parseIsoDateTime(QStringLiteral("soon")));
    }
};

QTEST_GUILESS_MAIN(OrderRulesTest)
#include "tst_orderrules.moc"
