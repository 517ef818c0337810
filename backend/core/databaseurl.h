#pragma once

#include <QString>

#include <optional>

namespace shop {

// postgresql://user:pass@host:port/db, split into what the QPSQL driver wants.
struct DatabaseUrl
{
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;

    // On failure returns nullopt and, when error is given, says what is wrong.
    static std::optional<DatabaseUrl> parse(const QString &text, QString *error = nullptr);
};

} // namespace shop
