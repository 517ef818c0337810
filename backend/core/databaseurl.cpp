#include "databaseurl.h"

#include <QUrl>

namespace shop {

std::optional<DatabaseUrl> DatabaseUrl::parse(const QString &text, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<DatabaseUrl> {
        if (error)
            *error = message + QStringLiteral(" (expected postgresql://user:pass@host:port/db)");
        return std::nullopt;
    };
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return fail(QStringLiteral("not a valid URL"));
    if (url.scheme() != u"postgresql" && url.scheme() != u"postgres")
        return fail(QStringLiteral("scheme must be postgresql"));
    if (url.host().isEmpty())
        return fail(QStringLiteral("host is missing"));
    if (url.userName().isEmpty())
        return fail(QStringLiteral("user is missing"));
    DatabaseUrl parsed;
    parsed.host = url.host();
    parsed.port = url.port(5432);
    parsed.user = url.userName();
    parsed.password = url.password();
    parsed.database = url.path().mid(1);
    if (parsed.database.isEmpty() || parsed.database.contains(u'/'))
        return fail(QStringLiteral("database name is missing"));
    return parsed;
}

} // namespace shop
