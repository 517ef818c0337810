#include "ui/common/moneyformat.h"

#include <QLocale>
#include <QtTest>

using namespace shop;

// Amounts as every screen shows them: the shop's currency, the user's locale.
class MoneyFormatTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup()
    {
        QLocale::setDefault(QLocale::system());
        moneyformat::setCurrency(QStringLiteral("EUR"));
    }

    void formatted_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<qint64>("cents");
        QTest::addColumn<QString>("expected");
        // Qt writes a non-breaking space between a German amount and its sign.
        QTest::newRow("EUR in German") << "de_DE" << "EUR" << qint64(123450) << QStringLiteral("1.234,50\u00a0€");
        QTest::newRow("EUR in English") << "en_IE" << "EUR" << qint64(1999) << QStringLiteral("€19.99");
        QTest::newRow("USD in US English") << "en_US" << "USD" << qint64(500) << QStringLiteral("$5.00");
        QTest::newRow("GBP in British English") << "en_GB" << "GBP" << qint64(7) << QStringLiteral("£0.07");
        QTest::newRow("CHF in Swiss German") << "de_CH" << "CHF" << qint64(250) << QStringLiteral("2.50\u00a0CHF");
        QTest::newRow("a negative amount in German") << "de_DE" << "EUR" << qint64(-1250) << QStringLiteral("-12,50\u00a0€");
        // US English writes a negative amount the accountant's way.
        QTest::newRow("a negative amount in US English") << "en_US" << "USD" << qint64(-1250) << QStringLiteral("($12.50)");
        QTest::newRow("a code no locale uses") << "en_US" << "XTS" << qint64(100) << QStringLiteral("XTS1.00");
    }

    void formatted()
    {
        QFETCH(QString, locale);
        QFETCH(QString, currency);
        QFETCH(qint64, cents);
        QFETCH(QString, expected);
        QLocale::setDefault(QLocale(locale));
        moneyformat::setCurrency(currency);
        QCOMPARE(moneyformat::currency(), currency);
        QCOMPARE(formatMoney(Money::fromCents(cents)), expected);
    }

    void theDefaultCurrencyIsTheEuro()
    {
        moneyformat::setCurrency(QString());
        QCOMPARE(moneyformat::currency(), QStringLiteral("EUR"));
        QLocale::setDefault(QLocale(QStringLiteral("en_IE")));
        QVERIFY(formatMoney(Money::fromCents(100)).contains(QStringLiteral("€")));
    }
};

QTEST_MAIN(MoneyFormatTest)
#include "tst_moneyformat.moc"
