#include "settingsloader.h"

#include "databaseurl.h"
#include "textrules.h"

#include <QCommandLineOption>
#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>
#include <QTextStream>

namespace shop {

namespace {

QString parseInt(const QString &value, int min, int max, int &target)
{
    bool ok = false;
    const int parsed = value.toInt(&ok);
    if (!ok || parsed < min || parsed > max)
        return QStringLiteral("expected a whole number from %1 to %2").arg(min).arg(max);
    target = parsed;
    return {};
}

QString parseBootstrapServers(const QString &value)
{
    if (value.isEmpty())
        return QStringLiteral("expected host:port[,host:port...]");
    for (const QString &server : value.split(u',')) {
        const qsizetype colon = server.lastIndexOf(u':');
        bool ok = false;
        const int port = colon > 0 ? server.mid(colon + 1).toInt(&ok) : 0;
        if (!ok || port < 1 || port > 65535)
            return QStringLiteral("expected host:port[,host:port...], got '%1'").arg(server);
    }
    return {};
}

std::vector<SettingDefinition> buildDefinitions(quint16 httpPortDefault)
{
    std::vector<SettingDefinition> d;
    d.push_back({QStringLiteral("database-url"), QStringLiteral("SHOP_DATABASE_URL"),
                 QStringLiteral("PostgreSQL URL, postgresql://user:pass@host:port/db"), QString(), true,
                 [](const QString &v, Settings &s) {
                     if (v.isEmpty())
                         return QString(); // only reached where a mode made it optional
                     QString error;
                     if (!DatabaseUrl::parse(v, &error))
                         return error;
                     s.databaseUrl = v;
                     return QString();
                 }});
    d.push_back({QStringLiteral("kafka-bootstrap-servers"), QStringLiteral("SHOP_KAFKA_BOOTSTRAP_SERVERS"),
                 QStringLiteral("Kafka bootstrap servers, host:port[,host:port]"), QStringLiteral("localhost:9092"), false,
                 [](const QString &v, Settings &s) {
                     s.kafkaBootstrapServers = v;
                     return parseBootstrapServers(v);
                 }});
    d.push_back({QStringLiteral("kafka-namespace"), QStringLiteral("SHOP_KAFKA_NAMESPACE"),
                 QStringLiteral("prefix of every topic and consumer group, for several shops on one cluster"), QString(),
                 false,
                 [](const QString &v, Settings &s) {
                     static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9_-]{0,100}$"));
                     if (!allowed.match(v).hasMatch())
                         return QStringLiteral("expected letters, digits, '_' or '-' (at most 100)");
                     s.kafkaNamespace = v;
                     return QString();
                 }});
    d.push_back({QStringLiteral("http-address"), QStringLiteral("SHOP_HTTP_ADDRESS"),
                 QStringLiteral("address the HTTP server listens on"), QStringLiteral("0.0.0.0"), false,
                 [](const QString &v, Settings &s) {
                     if (QHostAddress(v).isNull())
                         return QStringLiteral("expected an IP address such as 0.0.0.0 or 127.0.0.1");
                     s.httpAddress = v;
                     return QString();
                 }});
    d.push_back({QStringLiteral("http-port"), QStringLiteral("SHOP_HTTP_PORT"),
                 QStringLiteral("HTTP port"), QString::number(httpPortDefault), false,
                 [](const QString &v, Settings &s) {
                     int port = 0;
                     const QString error = parseInt(v, 1, 65535, port);
                     s.httpPort = static_cast<quint16>(port);
                     return error;
                 }});
    d.push_back({QStringLiteral("http-io-threads"), QStringLiteral("SHOP_HTTP_IO_THREADS"),
                 QStringLiteral("threads that read and write connections; 0 means one per core"),
                 QStringLiteral("0"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 0, 64, s.httpIoThreads); }});
    d.push_back({QStringLiteral("http-workers"), QStringLiteral("SHOP_HTTP_WORKERS"),
                 QStringLiteral("threads that run requests touching the database (each has its own connection)"),
                 QStringLiteral("8"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 1, 256, s.httpWorkers); }});
    d.push_back({QStringLiteral("http-max-connections"), QStringLiteral("SHOP_HTTP_MAX_CONNECTIONS"),
                 QStringLiteral("client connections open at once; more are closed at accept"),
                 QStringLiteral("10000"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 1, 1000000, s.httpMaxConnections); }});
    d.push_back({QStringLiteral("http-max-connections-per-address"), QStringLiteral("SHOP_HTTP_MAX_CONNECTIONS_PER_ADDRESS"),
                 QStringLiteral("client connections open at once from one IP address; 0 means no limit (behind a proxy)"),
                 QStringLiteral("256"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 0, 1000000, s.httpMaxConnectionsPerAddress); }});
    d.push_back({QStringLiteral("http-idle-timeout-ms"), QStringLiteral("SHOP_HTTP_IDLE_TIMEOUT_MS"),
                 QStringLiteral("a connection waiting for its next request is closed after this long"),
                 QStringLiteral("15000"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 100, 3600000, s.httpIdleTimeoutMs); }});
    d.push_back({QStringLiteral("http-header-timeout-ms"), QStringLiteral("SHOP_HTTP_HEADER_TIMEOUT_MS"),
                 QStringLiteral("a request's headers must arrive within this long of its first byte (else 408)"),
                 QStringLiteral("10000"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 100, 600000, s.httpHeaderTimeoutMs); }});
    d.push_back({QStringLiteral("http-request-timeout-ms"), QStringLiteral("SHOP_HTTP_REQUEST_TIMEOUT_MS"),
                 QStringLiteral("a whole request must arrive within this long of its first byte (else 408)"),
                 QStringLiteral("30000"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 100, 3600000, s.httpRequestTimeoutMs); }});
    d.push_back({QStringLiteral("http-input-budget-mb"), QStringLiteral("SHOP_HTTP_INPUT_BUDGET_MB"),
                 QStringLiteral("request bodies all connections may hold at once, beyond 16 KiB each"),
                 QStringLiteral("64"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 1, 65536, s.httpInputBudgetMb); }});
    d.push_back({QStringLiteral("http-read-connections"), QStringLiteral("SHOP_HTTP_READ_CONNECTIONS"),
                 QStringLiteral("serve: PostgreSQL sessions of each I/O thread for the product reads it answers itself"),
                 QStringLiteral("4"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 1, 16, s.httpReadConnections); }});
    d.push_back({QStringLiteral("http-read-max-waiting"), QStringLiteral("SHOP_HTTP_READ_MAX_WAITING"),
                 QStringLiteral("serve: product reads of one I/O thread waiting for a session; more get 503 with Retry-After"),
                 QStringLiteral("128"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 1, 100000, s.httpReadMaxWaiting); }});
    d.push_back({QStringLiteral("http-read-batch"), QStringLiteral("SHOP_HTTP_READ_BATCH"),
                 QStringLiteral("serve: product reads sent to PostgreSQL in one round trip"),
                 QStringLiteral("32"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 1, 64, s.httpReadBatch); }});
    d.push_back({QStringLiteral("http-read-statement-timeout-ms"), QStringLiteral("SHOP_HTTP_READ_STATEMENT_TIMEOUT_MS"),
                 QStringLiteral("serve: PostgreSQL cancels a product read's statement after this long"),
                 QStringLiteral("10000"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 100, 600000, s.httpReadStatementTimeoutMs); }});
    d.push_back({QStringLiteral("jwt-secret"), QStringLiteral("SHOP_JWT_SECRET"),
                 QStringLiteral("HS256 signing secret, at least 32 bytes"), QString(), false,
                 [](const QString &v, Settings &s) {
                     s.jwtSecret = v.toUtf8();
                     return QString();
                 }});
    d.push_back({QStringLiteral("jwt-clock-skew-s"), QStringLiteral("SHOP_JWT_CLOCK_SKEW_S"),
                 QStringLiteral("seconds another instance's clock may be ahead when it issues a token"),
                 QStringLiteral("60"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 0, 3600, s.jwtClockSkewSeconds); }});
    d.push_back({QStringLiteral("jwt-previous-secrets"), QStringLiteral("SHOP_JWT_PREVIOUS_SECRETS"),
                 QStringLiteral("comma-separated secrets tokens may still be signed with during a rotation "
                                "(verified, never used to sign); at most 3, each at least 32 bytes"),
                 QString(), false,
                 [](const QString &v, Settings &s) {
                     s.jwtPreviousSecrets.clear();
                     if (v.isEmpty())
                         return QString();
                     const QStringList secrets = v.split(u',');
                     if (secrets.size() > kMaxJwtPreviousSecrets)
                         return QStringLiteral("at most %1 secrets, got %2").arg(kMaxJwtPreviousSecrets).arg(secrets.size());
                     for (const QString &secret : secrets) {
                         if (!isStrongJwtSecret(secret.toUtf8()))
                             return QStringLiteral("each secret must be at least 32 bytes");
                         s.jwtPreviousSecrets.append(secret.toUtf8());
                     }
                     return QString();
                 }});
    d.push_back({QStringLiteral("order-lookups-per-second"), QStringLiteral("SHOP_ORDER_LOOKUPS_PER_SECOND"),
                 QStringLiteral("order lookups without a manager token one IP address may make a second, "
                                "in bursts of twice that; 0 means no limit (behind a proxy)"),
                 QStringLiteral("10"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 0, 100000, s.orderLookupsPerSecond); }});
    d.push_back({QStringLiteral("login-hash-threads"), QStringLiteral("SHOP_LOGIN_HASH_THREADS"),
                 QStringLiteral("threads that check passwords, apart from the HTTP workers"),
                 QStringLiteral("1"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 1, 64, s.loginHashThreads); }});
    d.push_back({QStringLiteral("login-max-waiting-hashes"), QStringLiteral("SHOP_LOGIN_MAX_WAITING_HASHES"),
                 QStringLiteral("logins that may wait for a password-checking thread; more get 503 with Retry-After"),
                 QStringLiteral("4"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 0, 1000, s.loginMaxWaitingHashes); }});
    d.push_back({QStringLiteral("login-throttle-max-entries"), QStringLiteral("SHOP_LOGIN_THROTTLE_MAX_ENTRIES"),
                 QStringLiteral("failed-login counters kept in memory per table (username and address, address)"),
                 QStringLiteral("100000"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 100, 10000000, s.loginThrottleMaxEntries); }});
    d.push_back({QStringLiteral("jwt-issuer"), QStringLiteral("SHOP_JWT_ISSUER"),
                 QStringLiteral("issuer claim of access tokens"), QStringLiteral("shop"), false,
                 [](const QString &v, Settings &s) {
                     if (v.isEmpty())
                         return QStringLiteral("must not be empty");
                     s.jwtIssuer = v;
                     return QString();
                 }});
    d.push_back({QStringLiteral("log-level"), QStringLiteral("SHOP_LOG_LEVEL"),
                 QStringLiteral("debug, info, warn or error"), QStringLiteral("info"), false,
                 [](const QString &v, Settings &s) {
                     const QString level = v.toLower();
                     if (level == u"debug") s.logLevel = LogLevel::Debug;
                     else if (level == u"info") s.logLevel = LogLevel::Info;
                     else if (level == u"warn" || level == u"warning") s.logLevel = LogLevel::Warning;
                     else if (level == u"error") s.logLevel = LogLevel::Error;
                     else return QStringLiteral("expected debug, info, warn or error");
                     return QString();
                 }});
    d.push_back({QStringLiteral("order-consumers"), QStringLiteral("SHOP_ORDER_CONSUMERS"),
                 QStringLiteral("daemon: consumers per order topic, each on its own thread with its own database "
                                "connection; more than the topic's partitions wait idle"),
                 QStringLiteral("3"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 1, 16, s.orderConsumers); }});
    d.push_back({QStringLiteral("payment-timeout-ms"), QStringLiteral("SHOP_PAYMENT_TIMEOUT_MS"),
                 QStringLiteral("time limit of one payment-gateway call"), QStringLiteral("5000"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 1, 120000, s.paymentTimeoutMs); }});
    d.push_back({QStringLiteral("payment-retry-backoff-ms"), QStringLiteral("SHOP_PAYMENT_RETRY_BACKOFF_MS"),
                 QStringLiteral("wait before retrying an unanswered payment; doubles per retry, with jitter"),
                 QStringLiteral("1000"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 0, 60000, s.paymentRetryBackoffMs); }});
    d.push_back({QStringLiteral("payment-retry-max-backoff-ms"), QStringLiteral("SHOP_PAYMENT_RETRY_MAX_BACKOFF_MS"),
                 QStringLiteral("longest wait between payment retries"), QStringLiteral("5000"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 0, 300000, s.paymentRetryMaxBackoffMs); }});
    d.push_back({QStringLiteral("payment-breaker-open-ms"), QStringLiteral("SHOP_PAYMENT_BREAKER_OPEN_MS"),
                 QStringLiteral("how long the payment circuit breaker stays open before one trial call"),
                 QStringLiteral("30000"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 1, 3600000, s.paymentBreakerOpenMs); }});
    d.push_back({QStringLiteral("payment-mock-success-rate"), QStringLiteral("SHOP_PAYMENT_MOCK_SUCCESS_RATE"),
                 QStringLiteral("share of mock charges that succeed, 0.0 to 1.0"), QStringLiteral("1.0"), false,
                 [](const QString &v, Settings &s) {
                     bool ok = false;
                     const double rate = v.toDouble(&ok);
                     if (!ok || rate < 0.0 || rate > 1.0)
                         return QStringLiteral("expected a number from 0.0 to 1.0");
                     s.paymentMockSuccessRate = rate;
                     return QString();
                 }});
    d.push_back({QStringLiteral("payment-mock-latency-ms"), QStringLiteral("SHOP_PAYMENT_MOCK_LATENCY_MS"),
                 QStringLiteral("delay of each mock charge"), QStringLiteral("50"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 0, 120000, s.paymentMockLatencyMs); }});
    d.push_back({QStringLiteral("payment-mock-failure-mode"), QStringLiteral("SHOP_PAYMENT_MOCK_FAILURE_MODE"),
                 QStringLiteral("how failing mock charges fail: decline, timeout or error"), QStringLiteral("decline"), false,
                 [](const QString &v, Settings &s) {
                     if (v == u"decline") s.paymentMockFailureMode = PaymentFailureMode::Decline;
                     else if (v == u"timeout") s.paymentMockFailureMode = PaymentFailureMode::Timeout;
                     else if (v == u"error") s.paymentMockFailureMode = PaymentFailureMode::Error;
                     else return QStringLiteral("expected decline, timeout or error");
                     return QString();
                 }});
    d.push_back({QStringLiteral("shop-name"), QStringLiteral("SHOP_SHOP_NAME"),
                 QStringLiteral("shop name printed on receipts"), QStringLiteral("Shop"), false,
                 [](const QString &v, Settings &s) {
                     s.shopName = v;
                     return QString();
                 }});
    d.push_back({QStringLiteral("shop-address"), QStringLiteral("SHOP_SHOP_ADDRESS"),
                 QStringLiteral("shop address printed on receipts"), QString(), false,
                 [](const QString &v, Settings &s) {
                     s.shopAddress = v;
                     return QString();
                 }});
    d.push_back({QStringLiteral("currency"), QStringLiteral("SHOP_CURRENCY"),
                 QStringLiteral("ISO 4217 code of the shop's currency, shown with every amount (EUR, USD, GBP...)"),
                 QStringLiteral("EUR"), false,
                 [](const QString &v, Settings &s) {
                     static const QRegularExpression isoCode(QStringLiteral("^[A-Z]{3}$"));
                     if (!isoCode.match(v).hasMatch())
                         return QStringLiteral("expected an ISO 4217 currency code of three capital letters, like EUR");
                     s.currency = v;
                     return QString();
                 }});
    d.push_back({QStringLiteral("receipt-printer"), QStringLiteral("SHOP_RECEIPT_PRINTER"),
                 QStringLiteral("the till's ESC/POS printer: serial:/dev/ttyUSB0?baud=9600, tcp:host:9100, file:/path; "
                                "empty: none"),
                 QString(), false,
                 [](const QString &v, Settings &s) {
                     QString error;
                     const std::optional<PrinterAddress> address = PrinterAddress::parse(v, &error);
                     if (!address)
                         return error;
                     s.receiptPrinter = *address;
                     return QString();
                 }});
    d.push_back({QStringLiteral("receipt-printer-charset"), QStringLiteral("SHOP_RECEIPT_PRINTER_CHARSET"),
                 QStringLiteral("characters sent to the receipt printer: cp858 (accents, euro sign) or ascii"),
                 QStringLiteral("cp858"), false,
                 [](const QString &v, Settings &s) {
                     if (v == u"cp858") s.receiptPrinterCharset = PrinterCharset::Cp858;
                     else if (v == u"ascii") s.receiptPrinterCharset = PrinterCharset::Ascii;
                     else return QStringLiteral("expected cp858 or ascii");
                     return QString();
                 }});
    d.push_back({QStringLiteral("receipt-printer-columns"), QStringLiteral("SHOP_RECEIPT_PRINTER_COLUMNS"),
                 QStringLiteral("characters per receipt line (42 on 80 mm paper, 32 on 58 mm)"), QStringLiteral("42"),
                 false, [](const QString &v, Settings &s) { return parseInt(v, 24, 64, s.receiptPrinterColumns); }});
    d.push_back({QStringLiteral("receipt-printer-timeout-ms"), QStringLiteral("SHOP_RECEIPT_PRINTER_TIMEOUT_MS"),
                 QStringLiteral("time limit to reach the receipt printer and to hand it one receipt"),
                 QStringLiteral("3000"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 100, 60000, s.receiptPrinterTimeoutMs); }});
    d.push_back({QStringLiteral("pos-idle-lock-s"), QStringLiteral("SHOP_POS_IDLE_LOCK_S"),
                 QStringLiteral("seconds without a key or click after which the till locks until a login; 0: never"),
                 QStringLiteral("300"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 0, 86400, s.posIdleLockSeconds); }});
    d.push_back({QStringLiteral("stock-reorder-level"), QStringLiteral("SHOP_STOCK_REORDER_LEVEL"),
                 QStringLiteral("stock at or below which a product without a reorder level of its own raises a "
                                "StockLow alert; 0: only when sold out"),
                 QStringLiteral("5"), false,
                 [](const QString &v, Settings &s) { return parseInt(v, 0, 1000000, s.stockReorderLevel); }});
    d.push_back({QStringLiteral("pos-return-authorisation-limit"), QStringLiteral("SHOP_POS_RETURN_AUTHORISATION_LIMIT"),
                 QStringLiteral("returns worth more than this amount need a manager's username and password at the "
                                "till; 0: every return does"),
                 QStringLiteral("50.00"), false,
                 [](const QString &v, Settings &s) {
                     QString error;
                     const std::optional<Money> limit = Money::fromDecimalString(v, &error);
                     if (!limit)
                         return error;
                     if (limit->cents() < 0)
                         return QStringLiteral("must be 0 or more");
                     s.posReturnAuthorisationLimit = *limit;
                     return QString();
                 }});
    d.push_back({QStringLiteral("pos-terminal"), QStringLiteral("SHOP_POS_TERMINAL"),
                 QStringLiteral("this till's name in its shifts, Z-reports and journal (1-64 characters); "
                                "empty: the host name"),
                 QString(), false,
                 [](const QString &v, Settings &s) {
                     if (characterCount(v.trimmed()) > 64)
                         return QStringLiteral("expected at most 64 characters");
                     s.posTerminal = v.trimmed();
                     return QString();
                 }});
    return d;
}

const QString kConfigKey = QStringLiteral("config");
const QString kConfigVariable = QStringLiteral("SHOP_CONFIG");

} // namespace

SettingsLoader::SettingsLoader(quint16 httpPortDefault)
    : m_definitions(buildDefinitions(httpPortDefault))
{
}

void SettingsLoader::setRequired(const QString &key, bool isRequired)
{
    for (SettingDefinition &definition : m_definitions)
        if (definition.key == key)
            definition.isRequired = isRequired;
}

void SettingsLoader::addOptions(QCommandLineParser &parser) const
{
    parser.addOption(QCommandLineOption(kConfigKey,
                                        QStringLiteral("config file of `key = value` lines (%1)").arg(kConfigVariable),
                                        QStringLiteral("file")));
    for (const SettingDefinition &definition : m_definitions) {
        QString description = definition.description + QStringLiteral(" (%1)").arg(definition.environmentVariable);
        if (!definition.defaultValue.isEmpty())
            description += QStringLiteral(", default %1").arg(definition.defaultValue);
        parser.addOption(QCommandLineOption(definition.key, description, QStringLiteral("value")));
    }
}

std::optional<SettingsError> SettingsLoader::load(const QCommandLineParser &parser,
                                                  const QProcessEnvironment &environment,
                                                  Settings &settings) const
{
    QHash<QString, QString> fileValues;
    const QString configPath = parser.isSet(kConfigKey) ? parser.value(kConfigKey)
                                                        : environment.value(kConfigVariable);
    if (!configPath.isEmpty()) {
        if (auto error = readConfigFile(configPath, fileValues))
            return error;
        for (auto it = fileValues.cbegin(); it != fileValues.cend(); ++it) {
            const bool known = std::any_of(m_definitions.cbegin(), m_definitions.cend(),
                                           [&](const SettingDefinition &d) { return d.key == it.key(); });
            if (!known)
                return SettingsError{QStringLiteral("config file %1: unknown key '%2'").arg(configPath, it.key())};
        }
    }

    for (const SettingDefinition &definition : m_definitions) {
        QString value = definition.defaultValue;
        QString source = QStringLiteral("default");
        if (parser.isSet(definition.key)) {
            value = parser.value(definition.key);
            source = QStringLiteral("--") + definition.key;
        } else if (environment.contains(definition.environmentVariable)) {
            value = environment.value(definition.environmentVariable);
            source = definition.environmentVariable;
        } else if (fileValues.contains(definition.key)) {
            value = fileValues.value(definition.key);
            source = QStringLiteral("config key %1").arg(definition.key);
        }
        if (value.isEmpty() && definition.isRequired)
            return SettingsError{QStringLiteral("setting %1 is missing: set --%1, %2 or config key %1")
                                     .arg(definition.key, definition.environmentVariable)};
        if (value.isEmpty())
            value = definition.defaultValue; // an empty variable means "not set"
        const QString problem = definition.apply(value, settings);
        if (!problem.isEmpty())
            return SettingsError{QStringLiteral("setting %1 (from %2) is invalid: %3")
                                     .arg(definition.key, source, problem)};
    }
    return std::nullopt;
}

std::optional<SettingsError> readConfigFile(const QString &path, QHash<QString, QString> &values)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return SettingsError{QStringLiteral("setting config: cannot read %1: %2").arg(path, file.errorString())};
    QTextStream in(&file);
    int lineNumber = 0;
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0)
            return SettingsError{QStringLiteral("config file %1 line %2: expected `key = value`").arg(path).arg(lineNumber)};
        values.insert(line.left(equals).trimmed(), line.mid(equals + 1).trimmed());
    }
    return std::nullopt;
}

bool isStrongJwtSecret(const QByteArray &secret)
{
    return secret.size() >= 32;
}

} // namespace shop
