#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QStringView>
#include <QUuid>

namespace shop {

// Writes compact JSON straight into bytes, for the hot responses (a product,
// a page of products) where building a QJsonObject and serialising it was
// most of a request's CPU. Its output is byte for byte what
// QJsonDocument::toJson(Compact) gives for the same values, so clients see
// no difference (tst_jsonwriter compares the two, hostile strings included):
// strings escaped as Qt escapes them (quote, backslash, \b \f \n \r \t,
// other control characters as \u00xx, non-ASCII as UTF-8, a lone surrogate
// as \udxxx), numbers as Qt formats them. QJsonObject sorts its keys, so
// callers give keys in sorted order; the writer does not check.
class JsonWriter
{
public:
    explicit JsonWriter(qsizetype reserve = 512);

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    // A member's name; a literal of plain ASCII that needs no escaping.
    void key(const char *name);

    void string(QStringView text);
    void null();
    void boolean(bool value);
    void integer(qint64 value);
    void number(double value); // as QJsonValue(double): shortest form, null when not finite
    void uuid(const QUuid &id); // the contract's id form, as idText()
    void isoUtc(const QDateTime &time); // as toIsoUtc(): 2026-11-23T12:34:56.789Z

    const QByteArray &bytes() const { return m_out; }
    QByteArray take() { return std::move(m_out); }

private:
    void beforeValue();

    QByteArray m_out;
    bool m_needsComma = false;
};

} // namespace shop
