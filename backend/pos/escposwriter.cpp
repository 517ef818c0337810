#include "escposwriter.h"

#include <algorithm>
#include <array>

namespace shop {

namespace {

constexpr char ESC = 0x1B;
constexpr char GS = 0x1D;
constexpr char LF = 0x0A;

// ESC t 19 selects "PC858: Euro" on Epson and compatible printers.
constexpr char kCodePage858 = 19;
constexpr char kCodePageAscii = 0; // PC437, whose lower half is ASCII

// Code page 858 from 0x80 to 0xFF: code page 850 with the euro sign at 0xD5.
constexpr std::array<char16_t, 128> kCp858High = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    0x00FF, 0x00D6, 0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
    0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2, 0x00C0,
    0x00A9, 0x2563, 0x2551, 0x2557, 0x255D, 0x00A2, 0x00A5, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4,
    0x00F0, 0x00D0, 0x00CA, 0x00CB, 0x00C8, 0x20AC, 0x00CD, 0x00CE,
    0x00CF, 0x2518, 0x250C, 0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580,
    0x00D3, 0x00DF, 0x00D4, 0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE,
    0x00DE, 0x00DA, 0x00DB, 0x00D9, 0x00FD, 0x00DD, 0x00AF, 0x00B4,
    0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6, 0x00A7, 0x00F7, 0x00B8,
    0x00B0, 0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2, 0x25A0, 0x00A0,
};

int cp858Byte(char16_t unicode)
{
    for (std::size_t i = 0; i < kCp858High.size(); ++i)
        if (kCp858High[i] == unicode)
            return 0x80 + static_cast<int>(i);
    return -1;
}

// The nearest ASCII: a letter without its accents, a few signs spelled out.
QByteArray asciiFor(QChar character)
{
    if (character == QChar(0x20AC))
        return QByteArrayLiteral("EUR");
    if (character == QChar(0x00DF))
        return QByteArrayLiteral("ss");
    QByteArray ascii;
    for (const QChar part : QString(character).normalized(QString::NormalizationForm_KD))
        if (part.unicode() >= 0x20 && part.unicode() < 0x7F)
            ascii.append(static_cast<char>(part.unicode()));
    return ascii.isEmpty() ? QByteArrayLiteral("?") : ascii;
}

} // namespace

EscPosWriter::EscPosWriter(PrinterCharset charset, int columns)
    : m_charset(charset)
    , m_columns(columns)
{
}

QByteArray EscPosWriter::encode(const QString &text, PrinterCharset charset)
{
    QByteArray bytes;
    bytes.reserve(text.size());
    for (const QChar character : text) {
        const char16_t unicode = character.unicode();
        if (unicode >= 0x20 && unicode < 0x7F) {
            bytes.append(static_cast<char>(unicode));
            continue;
        }
        if (unicode < 0x20 || unicode == 0x7F)
            continue; // a control character would be taken as a printer command
        const int byte = charset == PrinterCharset::Cp858 ? cp858Byte(unicode) : -1;
        if (byte >= 0)
            bytes.append(static_cast<char>(byte));
        else
            bytes.append(asciiFor(character));
    }
    return bytes;
}

EscPosWriter &EscPosWriter::initialize()
{
    m_bytes.append(ESC).append('@');
    m_bytes.append(ESC).append('t').append(m_charset == PrinterCharset::Cp858 ? kCodePage858 : kCodePageAscii);
    return *this;
}

EscPosWriter &EscPosWriter::align(Align align)
{
    const char n = align == Align::Left ? 0 : align == Align::Center ? 1 : 2;
    m_bytes.append(ESC).append('a').append(n);
    return *this;
}

EscPosWriter &EscPosWriter::bold(bool isOn)
{
    m_bytes.append(ESC).append('E').append(isOn ? char(1) : char(0));
    return *this;
}

EscPosWriter &EscPosWriter::doubleSize(bool isOn)
{
    m_bytes.append(GS).append('!').append(isOn ? char(0x11) : char(0x00));
    return *this;
}

EscPosWriter &EscPosWriter::text(const QString &text)
{
    m_bytes.append(encode(text, m_charset));
    return *this;
}

EscPosWriter &EscPosWriter::line(const QString &text)
{
    this->text(text);
    m_bytes.append(LF);
    return *this;
}

EscPosWriter &EscPosWriter::row(const QString &label, const QString &value)
{
    // Widths in encoded bytes: one byte per character once encoded, except
    // what the ASCII fallback spells out, which the padding then accounts for.
    const QByteArray right = encode(value, m_charset);
    QByteArray left = encode(label, m_charset);
    const qsizetype room = std::max<qsizetype>(0, m_columns - right.size() - 1);
    if (left.size() > room)
        left.truncate(room);
    m_bytes.append(left);
    m_bytes.append(QByteArray(std::max<qsizetype>(1, m_columns - left.size() - right.size()), ' '));
    m_bytes.append(right).append(LF);
    return *this;
}

EscPosWriter &EscPosWriter::rule()
{
    m_bytes.append(QByteArray(m_columns, '-')).append(LF);
    return *this;
}

EscPosWriter &EscPosWriter::feed(int lines)
{
    m_bytes.append(ESC).append('d').append(static_cast<char>(std::clamp(lines, 0, 255)));
    return *this;
}

EscPosWriter &EscPosWriter::cut()
{
    m_bytes.append(GS).append('V').append(char(66)).append(char(0));
    return *this;
}

EscPosWriter &EscPosWriter::kickDrawer()
{
    // t1 = 25 x 2 ms on, t2 = 250 x 2 ms off: within every drawer's range.
    m_bytes.append(ESC).append('p').append(char(0)).append(char(25)).append(static_cast<char>(250));
    return *this;
}

EscPosWriter &EscPosWriter::code128(const QString &data)
{
    QByteArray payload = QByteArrayLiteral("{B");
    for (const QChar character : data)
        if (character.unicode() >= 0x20 && character.unicode() < 0x7F && character != u'{')
            payload.append(static_cast<char>(character.unicode()));
    if (payload.size() == 2)
        return *this;
    payload.truncate(255);
    m_bytes.append(GS).append('h').append(char(80));  // 80 dots high
    m_bytes.append(GS).append('w').append(char(2));   // narrow bar 2 dots
    m_bytes.append(GS).append('H').append(char(2));   // its text below
    m_bytes.append(GS).append('k').append(char(73)).append(static_cast<char>(payload.size())).append(payload);
    m_bytes.append(LF);
    return *this;
}

} // namespace shop
