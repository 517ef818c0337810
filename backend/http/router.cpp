#include "router.h"

#include <QUrl>

#include <algorithm>

namespace shop {

namespace {

QStringList splitPath(const QString &path)
{
    return path.split(u'/', Qt::SkipEmptyParts);
}

bool isParameter(const QString &segment)
{
    return segment.size() > 2 && segment.front() == u'{' && segment.back() == u'}';
}

// A segment as the route templates spell it: percent-decoded, so /a%2Fb
// stays one segment. Decoded once per request, not once per route.
QString decodedSegment(const QString &segment)
{
    const bool plain = std::all_of(segment.cbegin(), segment.cend(),
                                   [](QChar c) { return c.unicode() < 0x80 && c != u'%'; });
    if (plain) // decoding would give it back unchanged
        return segment;
    return QUrl::fromPercentEncoding(segment.toLatin1());
}

bool matches(const QStringList &templ, const QStringList &segments)
{
    if (templ.size() != segments.size())
        return false;
    for (qsizetype i = 0; i < templ.size(); ++i) {
        if (!isParameter(templ.at(i)) && templ.at(i) != segments.at(i))
            return false;
    }
    return true;
}

QHash<QString, QString> parametersOf(const QStringList &templ, const QStringList &segments)
{
    QHash<QString, QString> found;
    for (qsizetype i = 0; i < templ.size(); ++i) {
        if (isParameter(templ.at(i)))
            found.insert(templ.at(i).mid(1, templ.at(i).size() - 2), segments.at(i));
    }
    return found;
}

} // namespace

void Router::add(Route route)
{
    m_segments.push_back(splitPath(route.pathTemplate));
    m_routes.push_back(std::move(route));
}

RouteMatch Router::match(const QByteArray &method, const QString &path) const
{
    RouteMatch result;
    QStringList segments = splitPath(path);
    for (QString &segment : segments)
        segment = decodedSegment(segment);
    for (size_t i = 0; i < m_routes.size(); ++i) {
        if (!matches(m_segments[i], segments))
            continue;
        if (m_routes[i].method != method) {
            result.allowedMethods.append(m_routes[i].method);
            continue;
        }
        result.route = &m_routes[i];
        result.pathParameters = parametersOf(m_segments[i], segments);
        result.allowedMethods.clear();
        return result;
    }
    return result;
}

} // namespace shop
