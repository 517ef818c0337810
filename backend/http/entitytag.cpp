#include "entitytag.h"

#include <cstring>

namespace shop {

namespace {

// Mixes 64 bits so that every input bit reaches every output bit.
quint64 mix(quint64 value)
{
    value ^= value >> 33;
    value *= 0xff51afd7ed558ccdULL;
    value ^= value >> 33;
    value *= 0xc4ceb9fe1a85ec53ULL;
    value ^= value >> 33;
    return value;
}

// A fixed 64-bit hash (not Qt's per-process seeded qHash): every instance,
// and every restart, gives one body the same tag. Not cryptographic: a tag
// only decides whether a client's copy is still the one it was sent.
quint64 hash64(QByteArrayView bytes)
{
    quint64 state = 0x9e3779b97f4a7c15ULL ^ static_cast<quint64>(bytes.size());
    const char *at = bytes.data();
    qsizetype left = bytes.size();
    for (; left >= 8; left -= 8, at += 8) {
        quint64 word = 0;
        std::memcpy(&word, at, 8);
        state = mix(state ^ word) + 0x9e3779b97f4a7c15ULL;
    }
    quint64 tail = 0;
    std::memcpy(&tail, at, static_cast<size_t>(left));
    return mix(state ^ tail ^ (static_cast<quint64>(left) << 56));
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

} // namespace

QByteArray entityTagOf(QByteArrayView body)
{
    constexpr char kHex[] = "0123456789abcdef";
    quint64 hash = hash64(body);
    char tag[18];
    tag[0] = '"';
    tag[17] = '"';
    for (int i = 16; i >= 1; --i, hash >>= 4)
        tag[i] = kHex[hash & 0xf];
    return QByteArray(tag, sizeof tag);
}

bool ifNoneMatchHolds(QByteArrayView ifNoneMatch, QByteArrayView tag)
{
    const QByteArrayView field = trimmed(ifNoneMatch);
    if (field == "*")
        return true;
    qsizetype from = 0;
    while (from <= field.size()) {
        qsizetype comma = field.indexOf(',', from);
        if (comma < 0)
            comma = field.size();
        QByteArrayView candidate = trimmed(field.sliced(from, comma - from));
        if (candidate.startsWith("W/"))
            candidate = candidate.sliced(2);
        if (!candidate.isEmpty() && candidate == tag)
            return true;
        from = comma + 1;
    }
    return false;
}

} // namespace shop
