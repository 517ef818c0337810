#pragma once

#include "core/settings.h"

#include <QByteArray>
#include <QString>

namespace shop {

// Builds the ESC/POS byte stream of one printout (receipt, X or Z report,
// any text): pure functions of what is asked, no I/O. The commands are the
// common Epson set that TM-T20/T88-class and most compatible printers take.
// Text is encoded for the charset the printer was set to (initialize()
// selects it): code page 858 when the printer has it, else plain ASCII with
// accents dropped ("é" -> "e", "€" -> "EUR").
class EscPosWriter
{
public:
    enum class Align { Left, Center, Right };

    explicit EscPosWriter(PrinterCharset charset, int columns = 42);

    int columns() const { return m_columns; }

    // ESC @ (reset), then ESC t n for the code page.
    EscPosWriter &initialize();
    EscPosWriter &align(Align align);
    EscPosWriter &bold(bool isOn);
    // Double width and height (GS !): titles and totals.
    EscPosWriter &doubleSize(bool isOn);
    EscPosWriter &text(const QString &text);
    // text, then a line feed.
    EscPosWriter &line(const QString &text = QString());
    // label on the left, value on the right of one line of columns()
    // characters; a long label is cut to leave room for the value.
    EscPosWriter &row(const QString &label, const QString &value);
    // A line of dashes across the paper.
    EscPosWriter &rule();
    // Feeds n lines (ESC d n), n from 0 to 255.
    EscPosWriter &feed(int lines);
    // Feeds to the cutter and cuts partially (GS V 66 0).
    EscPosWriter &cut();
    // Pulses the cash drawer's pin 2 for 50 ms (ESC p 0 25 250).
    EscPosWriter &kickDrawer();
    // A Code 128 barcode (code set B) with its text printed below: data
    // must be 1 to 253 printable ASCII characters but "{"; others are left out.
    EscPosWriter &code128(const QString &data);

    const QByteArray &bytes() const { return m_bytes; }

    // text in the bytes of charset; what it cannot show becomes ASCII or '?'.
    static QByteArray encode(const QString &text, PrinterCharset charset);

private:
    PrinterCharset m_charset;
    int m_columns;
    QByteArray m_bytes;
};

} // namespace shop
