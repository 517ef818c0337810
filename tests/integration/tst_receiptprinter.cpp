#include "core/printeraddress.h"
#include "pos/escposreceipt.h"
#include "pos/receiptprintqueue.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <unistd.h>

using namespace shop;

namespace {

constexpr int kWaitMs = 15000;

Receipt aReceipt()
{
    Receipt receipt;
    receipt.shopName = QStringLiteral("Corner Shop");
    receipt.shopAddress = QStringLiteral("1 Main Street");
    receipt.orderNumber = QStringLiteral("ORD-20261201-000007");
    receipt.paidAt = QDateTime(QDate(2026, 12, 1), QTime(10, 0));
    receipt.cashier = QStringLiteral("carl");
    receipt.lines = {SaleLine{QUuid::createUuid(), QStringLiteral("TEA-1"), QStringLiteral("Thé vert"),
                              Money::fromCents(450), 10, 3}};
    receipt.total = Money::fromCents(1350);
    receipt.isCash = true;
    receipt.tendered = Money::fromCents(2000);
    receipt.change = Money::fromCents(650);
    return receipt;
}

// What the queue reported, received on the test's thread (the queue
// reports from its own).
struct PrintLog
{
    explicit PrintLog(ReceiptPrintQueue &queue)
    {
        QObject::connect(&queue, &ReceiptPrintQueue::printed, &context, [this](const QString &what) { printed << what; });
        QObject::connect(&queue, &ReceiptPrintQueue::failed, &context,
                         [this](const QString &what, const QString &reason) { failed << qMakePair(what, reason); });
    }
    qsizetype count() const { return printed.size() + failed.size(); }

    QObject context;
    QStringList printed;
    QList<QPair<QString, QString>> failed;
};

std::unique_ptr<ReceiptPrintQueue> queueFor(const QString &setting, std::chrono::milliseconds timeout,
                                            int maxPending = ReceiptPrintQueue::kDefaultMaxPending)
{
    const std::optional<PrinterAddress> address = PrinterAddress::parse(setting);
    return address ? std::make_unique<ReceiptPrintQueue>(makePrinterTransport(*address, timeout), maxPending) : nullptr;
}

// A pseudo-terminal standing in for the printer's serial port: the test
// reads at the master what the till writes to the slave's device path.
class PseudoTerminal
{
public:
    PseudoTerminal()
    {
        char name[256] = {};
        if (::openpty(&m_master, &m_slave, name, nullptr, nullptr) == 0)
            m_path = QString::fromLocal8Bit(name);
    }
    ~PseudoTerminal()
    {
        if (m_master >= 0)
            ::close(m_master);
        if (m_slave >= 0)
            ::close(m_slave);
    }
    PseudoTerminal(const PseudoTerminal &) = delete;
    PseudoTerminal &operator=(const PseudoTerminal &) = delete;

    const QString &path() const { return m_path; }

    // What arrives within timeoutMs, up to count bytes.
    QByteArray read(qsizetype count, int timeoutMs) const
    {
        QByteArray received;
        QDeadlineTimer deadline(timeoutMs);
        while (received.size() < count && !deadline.hasExpired()) {
            pollfd ready{m_master, POLLIN, 0};
            if (::poll(&ready, 1, static_cast<int>(deadline.remainingTime())) <= 0)
                break;
            char buffer[4096];
            const ssize_t n = ::read(m_master, buffer, sizeof buffer);
            if (n <= 0)
                break;
            received.append(buffer, n);
        }
        return received;
    }

private:
    int m_master = -1;
    int m_slave = -1; // held open so the terminal lives between two printouts
    QString m_path;
};

} // namespace

// The till's receipt printer over each transport, with real devices and
// sockets: the bytes arrive unchanged, and a printer that is off or takes
// nothing gives a clear message in bounded time instead of a hang.
class ReceiptPrinterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aReceiptReachesASerialPrinter()
    {
        PseudoTerminal terminal;
        QVERIFY(!terminal.path().isEmpty());
        auto queue = queueFor(QStringLiteral("serial:%1?baud=9600").arg(terminal.path()), std::chrono::seconds(5));
        QVERIFY(queue);
        PrintLog log(*queue);
        const QByteArray receipt = escPosReceipt(aReceipt(), {PrinterCharset::Cp858, 42}, CashDrawer::Open);

        QVERIFY(queue->submit(QStringLiteral("receipt"), receipt));

        QCOMPARE(terminal.read(receipt.size(), kWaitMs), receipt);
        QTRY_COMPARE_WITH_TIMEOUT(log.count(), 1, kWaitMs);
        QVERIFY2(log.failed.isEmpty(), log.failed.isEmpty() ? "" : qPrintable(log.failed.first().second));
        QCOMPARE(log.printed, QStringList{QStringLiteral("receipt")});
        // and the drawer opens again on its own, through the same port
        QVERIFY(queue->submit(QStringLiteral("drawer"), escPosDrawerKick({PrinterCharset::Cp858, 42})));
        QCOMPARE(terminal.read(10, kWaitMs), escPosDrawerKick({PrinterCharset::Cp858, 42}));
    }

    void aReceiptReachesANetworkPrinter()
    {
        QTcpServer printer;
        QVERIFY(printer.listen(QHostAddress::LocalHost));
        auto queue = queueFor(QStringLiteral("tcp:127.0.0.1:%1").arg(printer.serverPort()), std::chrono::seconds(5));
        PrintLog log(*queue);
        const QByteArray receipt = escPosReceipt(aReceipt(), {PrinterCharset::Ascii, 32}, CashDrawer::StayClosed);

        QVERIFY(queue->submit(QStringLiteral("receipt"), receipt));

        QTRY_VERIFY_WITH_TIMEOUT(printer.hasPendingConnections(), kWaitMs);
        QTcpSocket *connection = printer.nextPendingConnection();
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT((received += connection->readAll(), connection->state() == QAbstractSocket::UnconnectedState
                                                                          || received.size() >= receipt.size()),
                                 kWaitMs);
        received += connection->readAll();
        QCOMPARE(received, receipt);
        QTRY_COMPARE_WITH_TIMEOUT(log.printed.size(), 1, kWaitMs);
    }

    void aReceiptIsAppendedToAFileOrDevice()
    {
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("lp0"));
        auto queue = queueFor(QStringLiteral("file:%1").arg(path), std::chrono::seconds(5));
        PrintLog log(*queue);
        const QByteArray receipt = escPosReceipt(aReceipt(), {PrinterCharset::Cp858, 42}, CashDrawer::Open);

        QVERIFY(queue->submit(QStringLiteral("first"), receipt));
        QVERIFY(queue->submit(QStringLiteral("second"), receipt));

        QTRY_COMPARE_WITH_TIMEOUT(log.printed.size(), 2, kWaitMs);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), receipt + receipt);
    }

    void aPrinterThatIsOffIsNamedInTheMessage_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("says");
        QTcpServer closed;
        closed.listen(QHostAddress::LocalHost);
        const QString port = QString::number(closed.serverPort());
        closed.close(); // nobody listens there now
        QTest::newRow("network printer off") << QStringLiteral("tcp:127.0.0.1:") + port
                                             << QStringLiteral("printer tcp:127.0.0.1:%1 cannot be reached").arg(port);
        QTest::newRow("serial printer unplugged") << QStringLiteral("serial:/dev/ttyUSB-unplugged")
                                                  << QStringLiteral("printer serial:/dev/ttyUSB-unplugged cannot be opened");
        QTest::newRow("device missing") << QStringLiteral("file:/nonexistent-folder/lp0")
                                        << QStringLiteral("printer file:/nonexistent-folder/lp0 cannot be opened");
    }

    void aPrinterThatIsOffIsNamedInTheMessage()
    {
        QFETCH(QString, setting);
        QFETCH(QString, says);
        auto queue = queueFor(setting, std::chrono::seconds(2));
        PrintLog log(*queue);

        QVERIFY(queue->submit(QStringLiteral("receipt"), QByteArray("x")));

        QTRY_COMPARE_WITH_TIMEOUT(log.failed.size(), 1, kWaitMs);
        QCOMPARE(log.failed.first().first, QStringLiteral("receipt"));
        QVERIFY2(log.failed.first().second.startsWith(says), qPrintable(log.failed.first().second));
        QTRY_COMPARE_WITH_TIMEOUT(queue->pending(), 0, kWaitMs);
    }

    void aPrinterThatTakesNothingTimesOut()
    {
        // Connections complete in the kernel, but nobody ever reads: the
        // socket buffers fill and the write must give up.
        QTcpServer jammed;
        QVERIFY(jammed.listen(QHostAddress::LocalHost));
        jammed.pauseAccepting();
        auto queue = queueFor(QStringLiteral("tcp:127.0.0.1:%1").arg(jammed.serverPort()), std::chrono::milliseconds(500));
        PrintLog log(*queue);

        QVERIFY(queue->submit(QStringLiteral("receipt"), QByteArray(64 * 1024 * 1024, 'x')));

        QTRY_COMPARE_WITH_TIMEOUT(log.failed.size(), 1, kWaitMs);
        QVERIFY2(log.failed.first().second.contains(QStringLiteral("did not take the receipt within 500 ms")),
                 qPrintable(log.failed.first().second));
    }

    void aSerialPrinterThatTakesNothingTimesOut()
    {
        PseudoTerminal terminal; // never read: the terminal's buffer fills
        auto queue = queueFor(QStringLiteral("serial:%1").arg(terminal.path()), std::chrono::milliseconds(500));
        PrintLog log(*queue);

        QVERIFY(queue->submit(QStringLiteral("receipt"), QByteArray(4 * 1024 * 1024, 'x')));

        QTRY_COMPARE_WITH_TIMEOUT(log.failed.size(), 1, kWaitMs);
        QVERIFY2(log.failed.first().second.contains(QStringLiteral("did not take the receipt within 500 ms")),
                 qPrintable(log.failed.first().second));
    }

    void theQueueRefusesBeyondItsBound()
    {
        QTcpServer jammed;
        QVERIFY(jammed.listen(QHostAddress::LocalHost));
        jammed.pauseAccepting();
        auto queue = queueFor(QStringLiteral("tcp:127.0.0.1:%1").arg(jammed.serverPort()), std::chrono::seconds(2), 3);
        PrintLog log(*queue);

        // given a printout stuck at a printer that takes nothing, and two more behind it
        QVERIFY(queue->submit(QStringLiteral("stuck"), QByteArray(64 * 1024 * 1024, 'x')));
        QVERIFY(queue->submit(QStringLiteral("second"), QByteArray("x")));
        QVERIFY(queue->submit(QStringLiteral("third"), QByteArray("x")));
        QCOMPARE(queue->pending(), 3);

        // then a fourth is refused at once, nothing queued
        QVERIFY(!queue->submit(QStringLiteral("fourth"), QByteArray("x")));
        QCOMPARE(queue->pending(), 3);

        // and once the stuck one gives up, the queue drains and takes more
        QTRY_COMPARE_WITH_TIMEOUT(log.count(), 3, kWaitMs);
        QCOMPARE(log.failed.size(), 1);
        QCOMPARE(log.failed.first().first, QStringLiteral("stuck"));
        QCOMPARE(log.printed, (QStringList{QStringLiteral("second"), QStringLiteral("third")}));
        QCOMPARE(queue->pending(), 0);
        QVERIFY(queue->submit(QStringLiteral("fifth"), QByteArray("x")));
    }
};

QTEST_GUILESS_MAIN(ReceiptPrinterTest)
#include "tst_receiptprinter.moc"
