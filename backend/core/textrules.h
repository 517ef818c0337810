#pragma once

#include <QRegularExpression>
#include <QString>

namespace shop {

// Length in characters (Unicode code points), as PostgreSQL's char_length
// counts them. QString::size() counts UTF-16 units and would reject a name
// of 200 emoji that the contract and the database accept.
inline qsizetype characterCount(const QString &text)
{
    qsizetype count = 0;
    for (const QChar c : text) {
        if (!c.isLowSurrogate())
            ++count;
    }
    return count;
}

// The contract's order number: ORD-YYYYMMDD-NNN, NNN at least 3 digits.
inline bool isOrderNumber(const QString &text)
{
    // \A...\z: a plain $ would also accept a trailing newline.
    static const QRegularExpression pattern(QStringLiteral(R"(\AORD-[0-9]{8}-[0-9]{3,18}\z)"));
    return pattern.match(text).hasMatch();
}

} // namespace shop
