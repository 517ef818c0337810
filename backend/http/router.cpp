#include "router.h"

#include <QUrl>

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

// Segments are compared percent-decoded, so /a%2Fb stays one segment.
bool matches(const QStringList &templ, const QStringList &segments, QHash<QString, QString> *parameters)
{
    if (templ.size() != segments.size())
        return false;
    QHash<QString, QString> found;
    for (qsizetype i = 0; i < templ.size(); ++i) {
        const QString decoded = QUrl::fromPercentEncoding(segments.at(i).toLatin1());
        if (isParameter(templ.at(i)))
            found.insert(templ.at(i).mid(1, templ.at(i).size() - 2), decoded);
        else if (templ.at(i) != decoded)
            return false;
    }
    if (parameters)
        *parameters = std::move(found);
    return true;
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
    const QStringList segments = splitPath(path);
    for (size_t i = 0; i < m_routes.size(); ++i) {
        if (m_routes[i].method != method) {
            if (matches(m_segments[i], segments, nullptr))
                result.allowedMethods.append(m_routes[i].method);
            continue;
        }
        if (matches(m_segments[i], segments, &result.pathParameters)) {
            result.route = &m_routes[i];
            result.allowedMethods.clear();
            return result;
        }
    }
    return result;
}

} // namespace shop
