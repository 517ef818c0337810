#include "catalogcsv.h"

#include <QStringDecoder>

namespace shop::catalog {

namespace {

// The delimiter the header row uses more of, outside quotes.
char detectDelimiter(const QByteArray &bytes, qsizetype start)
{
    int commas = 0;
    int semicolons = 0;
    bool quoted = false;
    for (qsizetype i = start; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == '\n')
            break;
        else if (!quoted && c == ',')
            ++commas;
        else if (!quoted && c == ';')
            ++semicolons;
    }
    return semicolons > commas ? ';' : ',';
}

std::optional<QString> decodeUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

// Walks the bytes one record at a time. Delimiters, quotes and line ends are
// ASCII, which never occurs inside a UTF-8 multi-byte sequence, so splitting
// bytes first and decoding each field afterwards is exact.
class Scanner
{
public:
    Scanner(const QByteArray &bytes, qsizetype start, char delimiter, const CsvLimits &limits)
        : m_bytes(bytes), m_pos(start), m_delimiter(delimiter), m_limits(limits)
    {
    }

    bool atEnd() const { return m_pos >= m_bytes.size(); }
    int line() const { return m_line; }

    struct RawRecord
    {
        int line = 0;
        QList<QByteArray> fields;
        QList<int> oversized;  // indexes of fields over the bound
        QList<int> strayQuote; // indexes of fields with a misplaced quote
        bool unterminated = false;
    };

    RawRecord next()
    {
        RawRecord record;
        record.line = m_line;
        while (true) {
            QByteArray field;
            bool oversized = false;
            bool stray = false;
            bool quoted = false;
            const auto append = [&](char c) {
                if (field.size() < m_limits.maxFieldBytes)
                    field.append(c);
                else
                    oversized = true;
            };
            if (!atEnd() && m_bytes.at(m_pos) == '"') {
                quoted = true;
                ++m_pos;
                bool closed = false;
                while (!atEnd()) {
                    const char c = m_bytes.at(m_pos++);
                    if (c == '"') {
                        if (!atEnd() && m_bytes.at(m_pos) == '"') {
                            append('"');
                            ++m_pos;
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    if (c == '\n')
                        ++m_line;
                    append(c);
                }
                if (!closed) {
                    record.unterminated = true;
                    return record;
                }
            }
            // Unquoted text, or whatever follows a closing quote up to the delimiter.
            while (!atEnd()) {
                const char c = m_bytes.at(m_pos);
                if (c == m_delimiter || c == '\n' || (c == '\r' && m_pos + 1 < m_bytes.size() && m_bytes.at(m_pos + 1) == '\n'))
                    break;
                if (c == '"' || quoted)
                    stray = true;
                append(c);
                ++m_pos;
            }
            const qsizetype index = record.fields.size();
            record.fields.append(field);
            if (oversized)
                record.oversized.append(index);
            if (stray)
                record.strayQuote.append(index);
            if (atEnd())
                return record;
            const char end = m_bytes.at(m_pos);
            if (end == m_delimiter) {
                ++m_pos;
                continue;
            }
            m_pos += end == '\r' ? 2 : 1;
            ++m_line;
            return record;
        }
    }

private:
    const QByteArray &m_bytes;
    qsizetype m_pos = 0;
    int m_line = 1;
    char m_delimiter;
    const CsvLimits &m_limits;
};

bool isBlank(const Scanner::RawRecord &record)
{
    return record.fields.size() == 1 && record.fields.front().isEmpty() && record.strayQuote.isEmpty();
}

} // namespace

CsvTable readCsv(const QByteArray &bytes, const CsvLimits &limits)
{
    CsvTable table;
    const auto fail = [&](int line, const QString &message) {
        table.fileError = message;
        table.fileErrorLine = line;
        table.records.clear();
        return table;
    };
    if (bytes.size() > limits.maxFileBytes)
        return fail(0, QStringLiteral("the file is larger than %1 bytes").arg(limits.maxFileBytes));
    const qsizetype start = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    table.delimiter = detectDelimiter(bytes, start);
    Scanner scanner(bytes, start, table.delimiter, limits);
    if (scanner.atEnd())
        return fail(1, QStringLiteral("the file is empty; it needs a header row"));

    const Scanner::RawRecord header = scanner.next();
    if (header.unterminated)
        return fail(header.line, QStringLiteral("a quoted field opened on line %1 is never closed").arg(header.line));
    if (!header.oversized.isEmpty() || !header.strayQuote.isEmpty())
        return fail(header.line, QStringLiteral("the header row is malformed"));
    for (const QByteArray &raw : header.fields) {
        const std::optional<QString> name = decodeUtf8(raw);
        if (!name)
            return fail(header.line, QStringLiteral("the header row is not valid UTF-8"));
        table.header.append(*name);
    }

    while (!scanner.atEnd()) {
        const Scanner::RawRecord raw = scanner.next();
        if (raw.unterminated)
            return fail(raw.line, QStringLiteral("a quoted field opened on line %1 is never closed").arg(raw.line));
        if (isBlank(raw))
            continue;
        if (table.records.size() >= limits.maxRecords)
            return fail(raw.line, QStringLiteral("the file has more than %1 rows").arg(limits.maxRecords));
        CsvRecord record;
        record.line = raw.line;
        const auto columnName = [&](qsizetype index) {
            return index < table.header.size() ? table.header.at(index) : QStringLiteral("column %1").arg(index + 1);
        };
        if (raw.fields.size() != table.header.size())
            record.errors.append({QStringLiteral("row"), QStringLiteral("has %1 fields, the header has %2")
                                                             .arg(raw.fields.size())
                                                             .arg(table.header.size())});
        for (qsizetype i = 0; i < raw.fields.size(); ++i) {
            if (raw.oversized.contains(i)) {
                record.errors.append({columnName(i), QStringLiteral("is longer than %1 bytes").arg(limits.maxFieldBytes)});
                record.fields.append(QString());
            } else if (raw.strayQuote.contains(i)) {
                record.errors.append({columnName(i), QStringLiteral("has a misplaced quote (quote the whole field and double the quotes inside)")});
                record.fields.append(QString());
            } else if (const std::optional<QString> text = decodeUtf8(raw.fields.at(i))) {
                record.fields.append(*text);
            } else {
                record.errors.append({columnName(i), QStringLiteral("is not valid UTF-8")});
                record.fields.append(QString());
            }
        }
        table.records.append(record);
    }
    return table;
}

QByteArray csvLine(const QStringList &fields, char delimiter)
{
    QByteArray line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line.append(delimiter);
        const QByteArray field = fields.at(i).toUtf8();
        const bool needsQuotes = field.contains(delimiter) || field.contains('"') || field.contains('\n')
            || field.contains('\r');
        if (!needsQuotes) {
            line.append(field);
            continue;
        }
        line.append('"');
        for (const char c : field) {
            if (c == '"')
                line.append('"');
            line.append(c);
        }
        line.append('"');
    }
    line.append("\r\n");
    return line;
}

} // namespace shop::catalog
