#include "core/printeraddress.h"

#include <QtTest>

using namespace shop;

// The receipt-printer setting: what the operator writes and what is refused.
class PrinterAddressTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyMeansNoPrinter()
    {
        const std::optional<PrinterAddress> address = PrinterAddress::parse(QString());
        QVERIFY(address && address->isNone());
    }

    void aSerialPortWithItsBaudRate()
    {
        std::optional<PrinterAddress> address = PrinterAddress::parse(QStringLiteral("serial:/dev/ttyUSB0?baud=19200"));
        QVERIFY(address);
        QCOMPARE(address->kind, PrinterAddress::Kind::Serial);
        QCOMPARE(address->path, QStringLiteral("/dev/ttyUSB0"));
        QCOMPARE(address->baudRate, 19200);
        address = PrinterAddress::parse(QStringLiteral("serial:/dev/ttyS0"));
        QVERIFY(address);
        QCOMPARE(address->baudRate, 9600);
        QCOMPARE(address->toString(), QStringLiteral("serial:/dev/ttyS0?baud=9600"));
    }

    void aNetworkPrinterOnPort9100UnlessGiven()
    {
        std::optional<PrinterAddress> address = PrinterAddress::parse(QStringLiteral("tcp:printer.local"));
        QVERIFY(address);
        QCOMPARE(address->kind, PrinterAddress::Kind::Tcp);
        QCOMPARE(address->host, QStringLiteral("printer.local"));
        QCOMPARE(address->port, quint16(9100));
        address = PrinterAddress::parse(QStringLiteral("tcp:10.0.0.7:9101"));
        QVERIFY(address);
        QCOMPARE(address->port, quint16(9101));
        QCOMPARE(address->toString(), QStringLiteral("tcp:10.0.0.7:9101"));
    }

    void aFileOrDevicePath()
    {
        const std::optional<PrinterAddress> address = PrinterAddress::parse(QStringLiteral("file:/dev/usb/lp0"));
        QVERIFY(address);
        QCOMPARE(address->kind, PrinterAddress::Kind::File);
        QCOMPARE(address->path, QStringLiteral("/dev/usb/lp0"));
    }

    void refusesWhatItCannotUse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says");
        QTest::newRow("no scheme") << "/dev/ttyUSB0" << "expected serial:";
        QTest::newRow("unknown scheme") << "usb:/dev/lp0" << "expected serial:";
        QTest::newRow("relative device") << "serial:ttyUSB0" << "absolute device path";
        QTest::newRow("bad baud") << "serial:/dev/ttyUSB0?baud=fast" << "baud";
        QTest::newRow("baud too high") << "serial:/dev/ttyUSB0?baud=99999999" << "baud";
        QTest::newRow("unknown option") << "serial:/dev/ttyUSB0?parity=odd" << "parity";
        QTest::newRow("no host") << "tcp::9100" << "tcp:HOST";
        QTest::newRow("bad port") << "tcp:printer:99999" << "port";
        QTest::newRow("relative file") << "file:receipts.bin" << "absolute path";
    }

    void refusesWhatItCannotUse()
    {
        QFETCH(QString, text);
        QFETCH(QString, says);
        QString error;
        QVERIFY(!PrinterAddress::parse(text, &error));
        QVERIFY2(error.contains(says), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(PrinterAddressTest)
#include "tst_printeraddress.moc"
