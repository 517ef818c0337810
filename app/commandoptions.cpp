#include "commandoptions.h"

#include "core/settingsloader.h"
#include "exitcodes.h"

#include <QProcessEnvironment>

#include <cstdio>

namespace shop {

const CommandOptions::Flag CommandOptions::devFlag{
    QStringLiteral("dev"), QStringLiteral("development: allow a missing JWT secret (random per run)")};
const CommandOptions::Flag CommandOptions::noMigrateFlag{
    QStringLiteral("no-migrate"), QStringLiteral("do not apply database migrations on start")};

CommandOptions::CommandOptions(QString synopsis, QString description, QList<Flag> flags, quint16 httpPortDefault)
    : m_synopsis(std::move(synopsis))
    , m_httpPortDefault(httpPortDefault)
{
    m_parser.setApplicationDescription(description);
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addHelpOption();
    for (const Flag &flag : flags)
        m_parser.addOption(QCommandLineOption(flag.name, flag.description));
    SettingsLoader(m_httpPortDefault).addOptions(m_parser);
}

void CommandOptions::addPositional(const QString &name, const QString &description)
{
    m_parser.addPositionalArgument(name, description);
}

void CommandOptions::addValueOption(const QString &name, const QString &description, const QString &valueName)
{
    m_parser.addOption(QCommandLineOption(name, description, valueName));
}

int CommandOptions::usageError(const QString &message) const
{
    std::fprintf(stderr, "shop: %s\nUsage: shop %s\nRun 'shop %s --help' for the options.\n",
                 qPrintable(message), qPrintable(m_synopsis), qPrintable(m_synopsis.section(u' ', 0, 0)));
    return ExitUsage;
}

std::optional<int> CommandOptions::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments))
        return usageError(m_parser.errorText());
    if (m_parser.isSet(QStringLiteral("help"))) {
        std::printf("Usage: shop %s\n%s", qPrintable(m_synopsis),
                    qPrintable(m_parser.helpText().section(u'\n', 1))); // drop Qt's own usage line
        return ExitSuccess;
    }
    SettingsLoader loader(m_httpPortDefault);
    loader.setRequired(QStringLiteral("database-url"), m_isDatabaseRequired);
    if (auto error = loader.load(m_parser, QProcessEnvironment::systemEnvironment(), m_settings)) {
        std::fprintf(stderr, "shop: %s\n", qPrintable(error->message));
        return ExitUsage;
    }
    return std::nullopt;
}

} // namespace shop
