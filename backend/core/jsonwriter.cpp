#include "jsonwriter.h"

#include "clock.h"

#include <QLocale>

#include <cmath>
#include <cstring>

namespace shop {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// The writers below put one UTF-16 unit's JSON at `out` and return the end.
char *writeEscapedUnit(char *out, char16_t unit)
{
    *out++ = '\\';
    *out++ = 'u';
    *out++ = kHex[(unit >> 12) & 0xf];
    *out++ = kHex[(unit >> 8) & 0xf];
    *out++ = kHex[(unit >> 4) & 0xf];
    *out++ = kHex[unit & 0xf];
    return out;
}

char *writeAscii(char *out, char16_t unit)
{
    char escape = 0;
    switch (unit) {
    case u'"': escape = '"'; break;
    case u'\\': escape = '\\'; break;
    case u'\b': escape = 'b'; break;
    case u'\f': escape = 'f'; break;
    case u'\n': escape = 'n'; break;
    case u'\r': escape = 'r'; break;
    case u'\t': escape = 't'; break;
    default: break;
    }
    if (escape != 0) {
        *out++ = '\\';
        *out++ = escape;
        return out;
    }
    if (unit < 0x20)
        return writeEscapedUnit(out, unit);
    *out++ = static_cast<char>(unit);
    return out;
}

// Days since 1970-01-01 to a civil date (proleptic Gregorian), by 400-year eras.
void civilFromDays(qint64 days, qint64 &year, int &month, int &day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 shiftedMonth = (5 * dayOfYear + 2) / 153; // March = 0
    day = static_cast<int>(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    month = static_cast<int>(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
}

void appendDigits(char *at, qint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        at[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

} // namespace

JsonWriter::JsonWriter(qsizetype reserve)
{
    m_out.reserve(reserve);
}

void JsonWriter::beforeValue()
{
    if (m_needsComma)
        m_out.append(',');
    m_needsComma = true;
}

void JsonWriter::beginObject()
{
    beforeValue();
    m_out.append('{');
    m_needsComma = false;
}

void JsonWriter::endObject()
{
    m_out.append('}');
    m_needsComma = true;
}

void JsonWriter::beginArray()
{
    beforeValue();
    m_out.append('[');
    m_needsComma = false;
}

void JsonWriter::endArray()
{
    m_out.append(']');
    m_needsComma = true;
}

void JsonWriter::key(const char *name)
{
    // One resize and a copy: three appends here were 4 % of a page's CPU.
    const qsizetype length = qsizetype(std::strlen(name));
    const qsizetype start = m_out.size();
    m_out.resize(start + length + (m_needsComma ? 4 : 3));
    char *out = m_out.data() + start;
    if (m_needsComma)
        *out++ = ',';
    *out++ = '"';
    std::memcpy(out, name, size_t(length));
    out += length;
    *out++ = '"';
    *out = ':';
    m_needsComma = false;
}

void JsonWriter::string(QStringView text)
{
    beforeValue();
    // Written straight into the buffer, sized first for the worst case (a
    // unit escaped as \uXXXX takes 6 bytes) and cut to what was written:
    // a QByteArray call per character was most of a page's JSON time.
    const qsizetype start = m_out.size();
    m_out.resize(start + 2 + 6 * text.size());
    char *const begin = m_out.data();
    char *out = begin + start;
    *out++ = '"';
    const char16_t *at = text.utf16();
    const char16_t *const end = at + text.size();
    while (at != end) {
        const char16_t unit = *at++;
        if (unit < 0x80) {
            out = writeAscii(out, unit);
        } else if (unit < 0x800) {
            *out++ = static_cast<char>(0xc0 | (unit >> 6));
            *out++ = static_cast<char>(0x80 | (unit & 0x3f));
        } else if (unit < 0xd800 || unit > 0xdfff) {
            *out++ = static_cast<char>(0xe0 | (unit >> 12));
            *out++ = static_cast<char>(0x80 | ((unit >> 6) & 0x3f));
            *out++ = static_cast<char>(0x80 | (unit & 0x3f));
        } else if (unit < 0xdc00 && at != end && *at >= 0xdc00 && *at <= 0xdfff) {
            const char32_t point = 0x10000 + ((char32_t(unit) - 0xd800) << 10) + (char32_t(*at++) - 0xdc00);
            *out++ = static_cast<char>(0xf0 | (point >> 18));
            *out++ = static_cast<char>(0x80 | ((point >> 12) & 0x3f));
            *out++ = static_cast<char>(0x80 | ((point >> 6) & 0x3f));
            *out++ = static_cast<char>(0x80 | (point & 0x3f));
        } else {
            // A surrogate without its other half is no character; UTF-8 cannot
            // carry it, so it travels escaped, as QJsonDocument writes it.
            out = writeEscapedUnit(out, unit);
        }
    }
    *out++ = '"';
    m_out.truncate(out - begin);
}

void JsonWriter::null()
{
    beforeValue();
    m_out.append("null", 4);
}

void JsonWriter::boolean(bool value)
{
    beforeValue();
    if (value)
        m_out.append("true", 4);
    else
        m_out.append("false", 5);
}

void JsonWriter::integer(qint64 value)
{
    beforeValue();
    char digits[24];
    char *end = digits + sizeof digits;
    char *at = end;
    // Negated as unsigned, so the smallest qint64 has a positive form too.
    quint64 magnitude = value < 0 ? 0 - static_cast<quint64>(value) : static_cast<quint64>(value);
    do {
        *--at = static_cast<char>('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (value < 0)
        *--at = '-';
    m_out.append(at, end - at);
}

void JsonWriter::number(double value)
{
    // QJsonValue keeps a whole double that fits in 64 bits as an integer
    // (19.00 is written 19, 1e7 is written 10000000); anything else in its
    // shortest form.
    constexpr double kTwoTo63 = 9223372036854775808.0;
    if (std::isfinite(value) && std::trunc(value) == value && value >= -kTwoTo63 && value < kTwoTo63) {
        integer(static_cast<qint64>(value));
        return;
    }
    beforeValue();
    if (std::isfinite(value))
        m_out.append(QByteArray::number(value, 'g', QLocale::FloatingPointShortest));
    else
        m_out.append("null", 4); // JSON has no infinity or NaN
}

void JsonWriter::uuid(const QUuid &id)
{
    // QUuid::toByteArray(WithoutBraces)'s text (lower-case 8-4-4-4-12),
    // without the QByteArray it allocates.
    beforeValue();
    char text[38];
    char *out = text;
    auto hex = [&out](quint64 value, int digits) {
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4)
            *out++ = kHex[(value >> shift) & 0xf];
    };
    *out++ = '"';
    hex(id.data1, 8);
    *out++ = '-';
    hex(id.data2, 4);
    *out++ = '-';
    hex(id.data3, 4);
    *out++ = '-';
    hex((quint64(id.data4[0]) << 8) | id.data4[1], 4);
    *out++ = '-';
    quint64 node = 0;
    for (int i = 2; i < 8; ++i)
        node = (node << 8) | id.data4[i];
    hex(node, 12);
    *out++ = '"';
    m_out.append(text, sizeof text);
}

void JsonWriter::isoUtc(const QDateTime &time)
{
    if (!time.isValid()) {
        string(toIsoUtc(time));
        return;
    }
    const qint64 msecs = time.toMSecsSinceEpoch();
    constexpr qint64 kDay = 86400000;
    const qint64 days = msecs >= 0 ? msecs / kDay : -((-msecs + kDay - 1) / kDay);
    const qint64 ofDay = msecs - days * kDay;
    qint64 year = 0;
    int month = 0;
    int day = 0;
    civilFromDays(days, year, month, day);
    if (year < 1 || year > 9999) { // Qt's own form for years without four digits
        string(toIsoUtc(time));
        return;
    }
    beforeValue();
    char text[] = "\"0000-00-00T00:00:00.000Z\"";
    appendDigits(text + 1, year, 4);
    appendDigits(text + 6, month, 2);
    appendDigits(text + 9, day, 2);
    appendDigits(text + 12, ofDay / 3600000, 2);
    appendDigits(text + 15, ofDay / 60000 % 60, 2);
    appendDigits(text + 18, ofDay / 1000 % 60, 2);
    appendDigits(text + 21, ofDay % 1000, 3);
    m_out.append(text, sizeof text - 1);
}

} // namespace shop
