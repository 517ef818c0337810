#pragma once

#include "settings.h"

#include <QCommandLineParser>
#include <QHash>
#include <QProcessEnvironment>

#include <functional>
#include <optional>
#include <vector>

namespace shop {

// One setting: its flag (also the config-file key), its SHOP_* variable, the
// built-in default (empty when there is none), whether it must be given and
// how to parse it into Settings.
struct SettingDefinition
{
    QString key;
    QString environmentVariable;
    QString description;
    QString defaultValue;
    bool isRequired = false; // a required setting without default must be given
    // Returns an empty string on success, otherwise what is wrong with the value.
    std::function<QString(const QString &value, Settings &settings)> apply;
};

struct SettingsError
{
    QString message; // one line naming the setting and what is wrong
};

// Resolves every setting with the precedence flag > SHOP_* variable > config
// file > built-in default, then validates it into a typed Settings value.
class SettingsLoader
{
public:
    // httpPortDefault differs per mode (serve 8080, daemon 8081).
    explicit SettingsLoader(quint16 httpPortDefault);

    // A mode that never touches what a setting configures (dlt needs no
    // database) stops requiring it; given anyway, it is still validated.
    void setRequired(const QString &key, bool isRequired);

    // Adds one option per setting plus --config to a command-line parser.
    void addOptions(QCommandLineParser &parser) const;

    std::optional<SettingsError> load(const QCommandLineParser &parser,
                                      const QProcessEnvironment &environment,
                                      Settings &settings) const;

    const std::vector<SettingDefinition> &definitions() const { return m_definitions; }

private:
    std::vector<SettingDefinition> m_definitions;
};

// Parses the `key = value` config file format ('#' starts a comment line).
std::optional<SettingsError> readConfigFile(const QString &path, QHash<QString, QString> &values);

// True when the secret is fit for signing tokens outside development.
bool isStrongJwtSecret(const QByteArray &secret);

} // namespace shop
