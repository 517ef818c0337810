#include "pos/escposreceipt.h"
#include "pos/escposwriter.h"

#include <QtTest>

using namespace shop;

namespace {

QByteArray bytes(std::initializer_list<int> values)
{
    QByteArray result;
    for (int value : values)
        result.append(static_cast<char>(value));
    return result;
}

Receipt cashReceipt()
{
    Receipt receipt;
    receipt.shopName = QStringLiteral("Café Crème");
    receipt.shopAddress = QStringLiteral("1 Main Street\nSpringfield");
    receipt.orderNumber = QStringLiteral("ORD-20261201-000042");
    receipt.paidAt = QDateTime(QDate(2026, 12, 1), QTime(9, 30));
    receipt.cashier = QStringLiteral("carl");
    receipt.lines = {SaleLine{QUuid::createUuid(), QStringLiteral("MUG-WHITE"), QStringLiteral("Mug, white"),
                              Money::fromCents(899), 40, 2}};
    receipt.total = Money::fromCents(1798);
    receipt.isCash = true;
    receipt.tendered = Money::fromCents(2000);
    receipt.change = Money::fromCents(202);
    return receipt;
}

const QByteArray kInitCp858 = bytes({0x1B, '@', 0x1B, 't', 19});
const QByteArray kDrawerKick = bytes({0x1B, 'p', 0, 25, 250});
const QByteArray kFeedAndCut = bytes({0x1B, 'd', 3, 0x1D, 'V', 66, 0});

} // namespace

// What the till sends its receipt printer, byte for byte: the printer
// understands nothing else, so a wrong byte is a wrong receipt or none.
class EscPosTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initializeResetsThePrinterAndSelectsTheCodePage()
    {
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858).initialize().bytes(), kInitCp858);
        QCOMPARE(EscPosWriter(PrinterCharset::Ascii).initialize().bytes(), bytes({0x1B, '@', 0x1B, 't', 0}));
    }

    void commandsAreTheEpsonBytes()
    {
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858).cut().bytes(), bytes({0x1D, 'V', 66, 0}));
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858).kickDrawer().bytes(), kDrawerKick);
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858).feed(3).bytes(), bytes({0x1B, 'd', 3}));
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858).feed(999).bytes(), bytes({0x1B, 'd', 255}));
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858).align(EscPosWriter::Align::Center).bytes(), bytes({0x1B, 'a', 1}));
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858).bold(true).bold(false).bytes(),
                 bytes({0x1B, 'E', 1, 0x1B, 'E', 0}));
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858).doubleSize(true).doubleSize(false).bytes(),
                 bytes({0x1D, '!', 0x11, 0x1D, '!', 0}));
    }

    void textIsCodePage858WithTheEuroSign()
    {
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858).line(QStringLiteral("Crème brûlée 3,50 €")).bytes(),
                 QByteArray("Cr\x8Ame br\x96l\x82" "e 3,50 \xD5\n"));
        QCOMPARE(EscPosWriter::encode(QStringLiteral("ÄÖÜäöüß£"), PrinterCharset::Cp858),
                 bytes({0x8E, 0x99, 0x9A, 0x84, 0x94, 0x81, 0xE1, 0x9C}));
    }

    void plainAsciiDropsAccentsAndSpellsTheEuro()
    {
        QCOMPARE(EscPosWriter::encode(QStringLiteral("Crème brûlée 3,50 €"), PrinterCharset::Ascii),
                 QByteArray("Creme brulee 3,50 EUR"));
        QCOMPARE(EscPosWriter::encode(QStringLiteral("Straße"), PrinterCharset::Ascii), QByteArray("Strasse"));
        // Not in code page 858 either: the ASCII fallback, or '?'.
        QCOMPARE(EscPosWriter::encode(QStringLiteral("Ş→"), PrinterCharset::Cp858), QByteArray("S?"));
    }

    void controlCharactersNeverReachThePrinterAsCommands()
    {
        // An ESC in a product name would start a command: it is left out.
        QCOMPARE(EscPosWriter::encode(QStringLiteral("Mug\x1B" "d\x7F\t!"), PrinterCharset::Cp858), QByteArray("Mugd!"));
    }

    void rowsPutTheValueAtTheRightEdge()
    {
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858, 24).row(QStringLiteral("Total"), QStringLiteral("12.50")).bytes(),
                 QByteArray("Total              12.50\n"));
        // A long label is cut and keeps one space before the value.
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858, 24)
                     .row(QStringLiteral("An extremely long product name"), QStringLiteral("1.00"))
                     .bytes(),
                 QByteArray("An extremely long p 1.00\n"));
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858, 24).rule().bytes(), QByteArray(QByteArray(24, '-') + '\n'));
    }

    void code128CarriesTheOrderNumberInCodeSetB()
    {
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858).code128(QStringLiteral("ORD-1")).bytes(),
                 QByteArray(bytes({0x1D, 'h', 80, 0x1D, 'w', 2, 0x1D, 'H', 2, 0x1D, 'k', 73, 7}) + "{BORD-1\n"));
        // Nothing printable: no barcode at all rather than an empty one.
        QCOMPARE(EscPosWriter(PrinterCharset::Cp858).code128(QStringLiteral("é")).bytes(), QByteArray());
    }

    void aCashReceiptOpensTheDrawerFirstAndEndsWithTheCut()
    {
        const QByteArray out = escPosReceipt(cashReceipt(), {PrinterCharset::Cp858, 42}, CashDrawer::Open);
        QVERIFY(out.startsWith(QByteArray(kInitCp858 + kDrawerKick)));
        QVERIFY(out.endsWith(kFeedAndCut));
        QCOMPARE(out.count(kDrawerKick), 1);
    }

    void theReceiptShowsWhatTheBuyerTakesHome()
    {
        const QByteArray out = escPosReceipt(cashReceipt(), {PrinterCharset::Cp858, 42}, CashDrawer::Open);
        const auto row = [](const char *label, const char *value) {
            QByteArray line(label);
            line.append(QByteArray(42 - line.size() - qstrlen(value), ' ')).append(value).append('\n');
            return line;
        };
        // shop name large and centred, in code page 858
        QVERIFY(out.contains(QByteArray(bytes({0x1B, 'a', 1, 0x1D, '!', 0x11}) + QByteArray("Caf\x82 Cr\x8Ame\n"))));
        QVERIFY(out.contains("1 Main Street\nSpringfield\n"));
        for (const QByteArray &expected :
             {row("Order", "ORD-20261201-000042"), row("Date", "2026-12-01 09:30"), row("Cashier", "carl"),
              QByteArray("Mug, white\n"), row("  2 x 8.99", "17.98"), row("TOTAL", "17.98"), row("Payment", "Cash"),
              row("Tendered", "20.00"), row("Change", "2.02")})
            QVERIFY2(out.contains(expected), expected.constData());
        QVERIFY(out.contains(QByteArray(bytes({0x1B, 'E', 1}) + row("TOTAL", "17.98") + bytes({0x1B, 'E', 0}))));
        // no shift until the till has shifts
        QVERIFY(!out.contains("Shift"));
        // the barcode a return scans
        QVERIFY(out.contains(QByteArray(bytes({0x1D, 'k', 73, 21}) + QByteArray("{BORD-20261201-000042"))));
    }

    void aShiftIsPrintedWhenThereIsOne()
    {
        Receipt receipt = cashReceipt();
        receipt.shift = QStringLiteral("S-7");
        const QByteArray out = escPosReceipt(receipt, {PrinterCharset::Ascii, 32}, CashDrawer::StayClosed);
        QVERIFY(out.contains(QByteArray("Shift" + QByteArray(32 - 5 - 3, ' ') + "S-7\n")));
    }

    void aCardReceiptOrAReprintLeavesTheDrawerClosed()
    {
        Receipt receipt = cashReceipt();
        const QByteArray reprint = escPosReceipt(receipt, {PrinterCharset::Cp858, 42}, CashDrawer::StayClosed);
        QVERIFY(!reprint.contains(kDrawerKick));
        receipt.isCash = false;
        receipt.tendered.reset();
        receipt.change.reset();
        const QByteArray card = escPosReceipt(receipt, {PrinterCharset::Ascii, 42}, CashDrawer::StayClosed);
        QVERIFY(!card.contains(kDrawerKick));
        QVERIFY(card.contains("Card\n"));
        QVERIFY(!card.contains("Tendered"));
        QVERIFY(card.contains("Cafe Creme\n")); // the ASCII fallback
    }

    void theDrawerOpensAlone()
    {
        QCOMPARE(escPosDrawerKick({PrinterCharset::Cp858, 42}), QByteArray(kInitCp858 + kDrawerKick));
    }
};

QTEST_GUILESS_MAIN(EscPosTest)
#include "tst_escpos.moc"
