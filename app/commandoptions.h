#pragma once

#include "core/settings.h"

#include <QCommandLineParser>
#include <QStringList>

#include <optional>

namespace shop {

// The parsed command line of one mode: its flags plus the resolved Settings.
// Parsing problems are reported here (usage on stderr, exit code 2), so
// every mode gets the same behaviour for --help, unknown flags and bad settings.
class CommandOptions
{
public:
    struct Flag
    {
        QString name;
        QString description;
    };

    // Flags several modes share.
    static const Flag devFlag;
    static const Flag noMigrateFlag;

    // synopsis e.g. "serve [options]"; flags are the mode's own switches.
    CommandOptions(QString synopsis, QString description, QList<Flag> flags, quint16 httpPortDefault = 8080);

    // Before parse(): for modes that never open the database (dlt).
    void setDatabaseOptional() { m_isDatabaseRequired = false; }

    // Returns the exit code to stop with, or nullopt to go on.
    std::optional<int> parse(const QStringList &arguments);

    bool isSet(const QString &flag) const { return m_parser.isSet(flag); }
    QStringList positionalArguments() const { return m_parser.positionalArguments(); }
    const Settings &settings() const { return m_settings; }

    void addPositional(const QString &name, const QString &description);
    void addValueOption(const QString &name, const QString &description, const QString &valueName);
    QString value(const QString &name) const { return m_parser.value(name); }

    // Prints "shop: <message>" and the usage hint to stderr; returns ExitUsage.
    int usageError(const QString &message) const;

private:
    QString m_synopsis;
    QCommandLineParser m_parser;
    quint16 m_httpPortDefault;
    bool m_isDatabaseRequired = true;
    Settings m_settings;
};

} // namespace shop
