#include "core/log.h"

#include <QtTest>

using namespace shop;

class LogTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emailsAndPhonesAreMasked_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("email") << QStringLiteral("order for jane.doe@example.com placed")
                               << QStringLiteral("order for j***@example.com placed");
        QTest::newRow("phone") << QStringLiteral("call +15551234567 now") << QStringLiteral("call ********67 now");
        QTest::newRow("plain") << QStringLiteral("nothing personal 12345") << QStringLiteral("nothing personal 12345");
    }

    void emailsAndPhonesAreMasked()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(log::maskPersonalData(text), expected);
    }

    void correlationScopeRestoresThePreviousId()
    {
        QVERIFY(log::currentCorrelationId().isEmpty());
        {
            log::CorrelationScope outer(QStringLiteral("a"));
            {
                log::CorrelationScope inner(QStringLiteral("b"));
                QCOMPARE(log::currentCorrelationId(), QStringLiteral("b"));
            }
            QCOMPARE(log::currentCorrelationId(), QStringLiteral("a"));
        }
        QVERIFY(log::currentCorrelationId().isEmpty());
    }
};

QTEST_GUILESS_MAIN(LogTest)
#include "tst_log.moc"
