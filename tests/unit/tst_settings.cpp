#include "core/databaseurl.h"
#include "core/settingsloader.h"

#include <QTemporaryFile>
#include <QtTest>

using namespace shop;

class SettingsTest : public QObject
{
    Q_OBJECT

private:
    static const QString kUrl;

    // Parses args (without program name) with the given environment and config file.
    static std::optional<SettingsError> load(const QStringList &args, const QProcessEnvironment &env,
                                             Settings &settings, quint16 portDefault = 8080,
                                             bool isDatabaseRequired = true)
    {
        SettingsLoader loader(portDefault);
        loader.setRequired(QStringLiteral("database-url"), isDatabaseRequired);
        QCommandLineParser parser;
        loader.addOptions(parser);
        if (!parser.parse(QStringList{QStringLiteral("shop")} + args))
            return SettingsError{parser.errorText()};
        return loader.load(parser, env, settings);
    }

    static QProcessEnvironment envWithUrl()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("SHOP_DATABASE_URL"), kUrl);
        return env;
    }

private Q_SLOTS:
    void defaultsApplyWhenNothingIsSet()
    {
        Settings settings;
        QVERIFY(!load({}, envWithUrl(), settings, 8081));
        QCOMPARE(settings.httpPort, quint16(8081));
        QCOMPARE(settings.httpAddress, QStringLiteral("0.0.0.0"));
        QCOMPARE(settings.kafkaBootstrapServers, QStringLiteral("localhost:9092"));
        QCOMPARE(settings.logLevel, LogLevel::Info);
        QVERIFY(settings.jwtSecret.isEmpty());
        QCOMPARE(settings.paymentRetryBackoffMs, 1000);
        QCOMPARE(settings.paymentRetryMaxBackoffMs, 5000);
        QCOMPARE(settings.paymentBreakerOpenMs, 30000);
        QCOMPARE(settings.orderConsumers, 3);
        QCOMPARE(settings.httpReadBatch, 32);
    }

    void paymentResilienceSettingsComeFromTheEnvironment()
    {
        QProcessEnvironment env = envWithUrl();
        env.insert(QStringLiteral("SHOP_PAYMENT_RETRY_BACKOFF_MS"), QStringLiteral("250"));
        env.insert(QStringLiteral("SHOP_PAYMENT_RETRY_MAX_BACKOFF_MS"), QStringLiteral("2000"));
        env.insert(QStringLiteral("SHOP_PAYMENT_BREAKER_OPEN_MS"), QStringLiteral("10000"));

        Settings settings;
        QVERIFY(!load({}, env, settings));
        QCOMPARE(settings.paymentRetryBackoffMs, 250);
        QCOMPARE(settings.paymentRetryMaxBackoffMs, 2000);
        QCOMPARE(settings.paymentBreakerOpenMs, 10000);
    }

    void flagBeatsEnvironmentBeatsFileBeatsDefault()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("# comment\nhttp-port = 7001\nlog-level = debug\nhttp-workers = 3\n");
        file.close();

        QProcessEnvironment env = envWithUrl();
        env.insert(QStringLiteral("SHOP_CONFIG"), file.fileName());
        env.insert(QStringLiteral("SHOP_HTTP_PORT"), QStringLiteral("7002"));
        env.insert(QStringLiteral("SHOP_LOG_LEVEL"), QStringLiteral("warn"));

        Settings settings;
        QVERIFY(!load({QStringLiteral("--http-port"), QStringLiteral("7003")}, env, settings));
        QCOMPARE(settings.httpPort, quint16(7003));        // flag
        QCOMPARE(settings.logLevel, LogLevel::Warning);     // environment over file
        QCOMPARE(settings.httpWorkers, 3);                  // file over default
        QCOMPARE(settings.paymentTimeoutMs, 5000);          // default
    }

    void missingDatabaseUrlNamesTheSetting()
    {
        Settings settings;
        const auto error = load({}, QProcessEnvironment(), settings);
        QVERIFY(error);
        QVERIFY2(error->message.contains(QStringLiteral("database-url")), qPrintable(error->message));
        QVERIFY(error->message.contains(QStringLiteral("SHOP_DATABASE_URL")));
    }

    void databaseUrlIsOptionalForModesWithoutADatabase()
    {
        Settings settings;
        QVERIFY(!load({}, QProcessEnvironment(), settings, 8080, false));
        QVERIFY(settings.databaseUrl.isEmpty());
        // Given anyway, it is still checked.
        const auto error = load({QStringLiteral("--database-url"), QStringLiteral("mysql://a:b@h:1/d")},
                                QProcessEnvironment(), settings, 8080, false);
        QVERIFY(error);
        QVERIFY2(error->message.contains(QStringLiteral("database-url")), qPrintable(error->message));
    }

    void currencyIsAnIsoCodeAndDefaultsToTheEuro()
    {
        Settings settings;
        QVERIFY(!load({}, envWithUrl(), settings));
        QCOMPARE(settings.currency, QStringLiteral("EUR"));
        QVERIFY(!load({QStringLiteral("--currency"), QStringLiteral("CHF")}, envWithUrl(), settings));
        QCOMPARE(settings.currency, QStringLiteral("CHF"));
    }

    void invalidValuesAreRejectedWithTheReason_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("setting");
        QTest::newRow("port text") << QStringList{QStringLiteral("--http-port"), QStringLiteral("http")} << QStringLiteral("http-port");
        QTest::newRow("port range") << QStringList{QStringLiteral("--http-port"), QStringLiteral("70000")} << QStringLiteral("http-port");
        QTest::newRow("log level") << QStringList{QStringLiteral("--log-level"), QStringLiteral("loud")} << QStringLiteral("log-level");
        QTest::newRow("url scheme") << QStringList{QStringLiteral("--database-url"), QStringLiteral("mysql://a:b@h:1/d")} << QStringLiteral("database-url");
        QTest::newRow("url database") << QStringList{QStringLiteral("--database-url"), QStringLiteral("postgresql://a:b@h:1")} << QStringLiteral("database-url");
        QTest::newRow("kafka") << QStringList{QStringLiteral("--kafka-bootstrap-servers"), QStringLiteral("nohost")} << QStringLiteral("kafka-bootstrap-servers");
        QTest::newRow("address") << QStringList{QStringLiteral("--http-address"), QStringLiteral("not-an-ip")} << QStringLiteral("http-address");
        QTest::newRow("success rate") << QStringList{QStringLiteral("--payment-mock-success-rate"), QStringLiteral("1.5")} << QStringLiteral("payment-mock-success-rate");
        QTest::newRow("retry backoff") << QStringList{QStringLiteral("--payment-retry-backoff-ms"), QStringLiteral("-1")} << QStringLiteral("payment-retry-backoff-ms");
        QTest::newRow("max backoff") << QStringList{QStringLiteral("--payment-retry-max-backoff-ms"), QStringLiteral("soon")} << QStringLiteral("payment-retry-max-backoff-ms");
        QTest::newRow("breaker open") << QStringList{QStringLiteral("--payment-breaker-open-ms"), QStringLiteral("0")} << QStringLiteral("payment-breaker-open-ms");
        QTest::newRow("no order consumer") << QStringList{QStringLiteral("--order-consumers"), QStringLiteral("0")} << QStringLiteral("order-consumers");
        QTest::newRow("order consumers bound") << QStringList{QStringLiteral("--order-consumers"), QStringLiteral("17")} << QStringLiteral("order-consumers");
        QTest::newRow("failure mode") << QStringList{QStringLiteral("--payment-mock-failure-mode"), QStringLiteral("explode")} << QStringLiteral("payment-mock-failure-mode");
        QTest::newRow("currency in lower case") << QStringList{QStringLiteral("--currency"), QStringLiteral("eur")} << QStringLiteral("currency");
        QTest::newRow("currency sign") << QStringList{QStringLiteral("--currency"), QStringLiteral("€")} << QStringLiteral("currency");
        QTest::newRow("empty read batch") << QStringList{QStringLiteral("--http-read-batch"), QStringLiteral("0")} << QStringLiteral("http-read-batch");
        QTest::newRow("read batch bound") << QStringList{QStringLiteral("--http-read-batch"), QStringLiteral("65")} << QStringLiteral("http-read-batch");
    }

    void invalidValuesAreRejectedWithTheReason()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, setting);
        Settings settings;
        const auto error = load(args, envWithUrl(), settings);
        QVERIFY(error);
        QVERIFY2(error->message.startsWith(QStringLiteral("setting ") + setting), qPrintable(error->message));
        QVERIFY2(!error->message.contains(u'\n'), "one line");
    }

    void unknownConfigKeyIsAnError()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("htp-port = 1\n");
        file.close();
        Settings settings;
        const auto error = load({QStringLiteral("--config"), file.fileName()}, envWithUrl(), settings);
        QVERIFY(error);
        QVERIFY2(error->message.contains(QStringLiteral("htp-port")), qPrintable(error->message));
    }

    void databaseUrlIsSplitForTheDriver()
    {
        const auto url = DatabaseUrl::parse(QStringLiteral("postgresql://shop:s%40cret@db.local:6543/store"));
        QVERIFY(url);
        QCOMPARE(url->host, QStringLiteral("db.local"));
        QCOMPARE(url->port, 6543);
        QCOMPARE(url->user, QStringLiteral("shop"));
        QCOMPARE(url->password, QStringLiteral("s@cret"));
        QCOMPARE(url->database, QStringLiteral("store"));
    }

    void jwtSecretStrengthIsAtLeast32Bytes()
    {
        QVERIFY(!isStrongJwtSecret(QByteArray(31, 'x')));
        QVERIFY(isStrongJwtSecret(QByteArray(32, 'x')));
    }

    void jwtPreviousSecretsAreAtMostThreeStrongOnes()
    {
        const QString a(32, u'a'), b(40, u'b'), c(32, u'c'), d(32, u'd');
        QProcessEnvironment env = envWithUrl();
        Settings settings;
        QVERIFY(!load({}, env, settings));
        QVERIFY(settings.jwtPreviousSecrets.isEmpty());

        env.insert(QStringLiteral("SHOP_JWT_PREVIOUS_SECRETS"), QStringList{a, b, c}.join(u','));
        QVERIFY(!load({}, env, settings));
        QCOMPARE(settings.jwtPreviousSecrets, (QList<QByteArray>{a.toUtf8(), b.toUtf8(), c.toUtf8()}));

        env.insert(QStringLiteral("SHOP_JWT_PREVIOUS_SECRETS"), QStringList{a, b, c, d}.join(u','));
        std::optional<SettingsError> error = load({}, env, settings);
        QVERIFY(error);
        QVERIFY2(error->message.contains(u"jwt-previous-secrets") && error->message.contains(u"at most 3"),
                 qPrintable(error->message));

        env.insert(QStringLiteral("SHOP_JWT_PREVIOUS_SECRETS"), a + QStringLiteral(",short"));
        error = load({}, env, settings);
        QVERIFY(error);
        QVERIFY2(error->message.contains(u"at least 32 bytes"), qPrintable(error->message));
    }
};

const QString SettingsTest::kUrl = QStringLiteral("postgresql://shop:shop@127.0.0.1:5432/shop");

QTEST_GUILESS_MAIN(SettingsTest)
#include "tst_settings.moc"
