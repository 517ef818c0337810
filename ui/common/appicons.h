#pragma once

#include <QIcon>

// The application's icons, embedded from resources/icons, in one place so a
// renamed file breaks one line, not a screen.
namespace shop::icons {

inline QIcon fromResource(const char *name)
{
    return QIcon(QStringLiteral(":/icons/") + QLatin1String(name) + QStringLiteral(".svg"));
}

inline QIcon newItem() { return fromResource("new"); }
inline QIcon edit() { return fromResource("edit"); }
inline QIcon reload() { return fromResource("reload"); }
inline QIcon adjustStock() { return fromResource("adjust-stock"); }
inline QIcon deactivate() { return fromResource("deactivate"); }
inline QIcon remove() { return fromResource("delete"); }
inline QIcon category() { return fromResource("category"); }

} // namespace shop::icons
