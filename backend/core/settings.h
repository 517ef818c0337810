#pragma once

#include "money.h"
#include "printeraddress.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace shop {

// Bound of Settings::jwtPreviousSecrets: one covers a rotation, a few overlapping ones.
constexpr int kMaxJwtPreviousSecrets = 3;

enum class LogLevel { Debug, Info, Warning, Error };

// How the mock payment gateway misbehaves when a charge does not succeed.
enum class PaymentFailureMode { Decline, Timeout, Error };

// The characters a receipt printer is sent: code page 858 (Latin-1 letters
// and the euro sign) or plain ASCII for printers without it.
enum class PrinterCharset { Cp858, Ascii };

// Every setting of the program, typed and validated. Built by SettingsLoader;
// the rest of the program never looks at flags, environment or files.
struct Settings
{
    QString databaseUrl;
    QString kafkaBootstrapServers;
    QString kafkaNamespace;
    QString httpAddress;
    quint16 httpPort = 0;
    int httpIoThreads = 0; // 0: one per core
    int httpWorkers = 0;
    // Bounds against hostile clients (docs/design/http-threading.md, "Limits").
    int httpMaxConnections = 10000;
    int httpMaxConnectionsPerAddress = 256; // 0: no limit
    int httpIdleTimeoutMs = 15000;
    int httpHeaderTimeoutMs = 10000;
    int httpRequestTimeoutMs = 30000;
    int httpInputBudgetMb = 64;
    // serve's product reads on the I/O threads (db/pgpool.h): sessions per
    // I/O thread, reads waiting for one, and their statement timeout.
    int httpReadConnections = 4;
    int httpReadMaxWaiting = 128;
    int httpReadBatch = 32;
    int httpReadStatementTimeoutMs = 10000;
    QByteArray jwtSecret;
    QString jwtIssuer;
    int jwtClockSkewSeconds = 60;
    // Still verified during a rotation, never used to sign; at most
    // kMaxJwtPreviousSecrets (each costs a signature check per foreign token).
    QList<QByteArray> jwtPreviousSecrets;
    int orderLookupsPerSecond = 10; // anonymous order lookups per client address; 0: no limit
    // Login under attack (docs/design/http-threading.md, "Limits").
    int loginHashThreads = 1;
    int loginMaxWaitingHashes = 4;
    int loginThrottleMaxEntries = 100000;
    LogLevel logLevel = LogLevel::Info;
    int orderConsumers = 3; // daemon: group members per topic, one partition each at most
    int paymentTimeoutMs = 0;
    int paymentRetryBackoffMs = 1000; // first retry's backoff, doubling per retry
    int paymentRetryMaxBackoffMs = 5000;
    int paymentBreakerOpenMs = 30000; // rest of an open circuit breaker before its trial call
    double paymentMockSuccessRate = 1.0;
    int paymentMockLatencyMs = 0;
    PaymentFailureMode paymentMockFailureMode = PaymentFailureMode::Decline;
    QString shopName;
    QString shopAddress;
    QString currency = QStringLiteral("EUR"); // ISO 4217 code every screen shows amounts in
    PrinterAddress receiptPrinter; // none unless set
    PrinterCharset receiptPrinterCharset = PrinterCharset::Cp858;
    int receiptPrinterColumns = 42; // characters per line: 42 on 80 mm paper, 32 on 58 mm
    int receiptPrinterTimeoutMs = 3000;
    int posIdleLockSeconds = 300; // 0: the till never locks by itself
    // Reorder level of products without one of their own: a sale or adjustment
    // taking the stock to or below it writes a StockLow event. 0 alerts at sell-out.
    int stockReorderLevel = 5;
    Money posReturnAuthorisationLimit = Money::fromCents(5000); // returns above it need a manager; 0: all do
    QString posTerminal;          // the till's name for its shifts and journal; empty: the host name
};

} // namespace shop
