#include "log.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <atomic>
#include <cstdio>
#include <mutex>

namespace shop::log {

namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::Info)};
std::mutex g_outputMutex;
thread_local QString t_correlationId;

const char *levelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug: return "DEBUG";
    case LogLevel::Info: return "INFO";
    case LogLevel::Warning: return "WARN";
    case LogLevel::Error: return "ERROR";
    }
    return "INFO";
}

bool isSecretField(const QString &key)
{
    const QString lower = key.toLower();
    return lower.contains(u"password") || lower.contains(u"token") || lower.contains(u"secret")
        || lower.contains(u"authorization");
}

QJsonValue maskValue(const QString &key, const QJsonValue &value)
{
    if (isSecretField(key))
        return QStringLiteral("***");
    if (value.isString())
        return maskPersonalData(value.toString());
    if (value.isObject()) {
        QJsonObject masked;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            masked.insert(it.key(), maskValue(it.key(), it.value()));
        return masked;
    }
    return value;
}

// A JSON string literal, quotes included.
QByteArray jsonString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.sliced(1, array.size() - 2);
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    LogLevel level = LogLevel::Info;
    switch (type) {
    case QtDebugMsg: level = LogLevel::Debug; break;
    case QtInfoMsg: level = LogLevel::Info; break;
    case QtWarningMsg: level = LogLevel::Warning; break;
    case QtCriticalMsg:
    case QtFatalMsg: level = LogLevel::Error; break;
    }
    if (isEnabled(level))
        write(level, context.category ? context.category : "qt", message);
}

} // namespace

void setLevel(LogLevel level)
{
    g_level.store(static_cast<int>(level));
}

bool isEnabled(LogLevel level)
{
    return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

void installQtMessageHandler()
{
    qInstallMessageHandler(qtMessageHandler);
}

void write(LogLevel level, const char *logger, const QString &message, const QJsonObject &fields)
{
    if (!isEnabled(level))
        return;
    // The fixed keys come first, in this order, so a person can read the lines too.
    QByteArray line = "{\"ts\":" + jsonString(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))
        + ",\"level\":\"" + levelName(level) + "\",\"logger\":" + jsonString(QLatin1String(logger))
        + ",\"msg\":" + jsonString(maskPersonalData(message));
    if (!t_correlationId.isEmpty())
        line += ",\"correlationId\":" + jsonString(t_correlationId);
    QJsonObject extra;
    for (auto it = fields.begin(); it != fields.end(); ++it)
        extra.insert(it.key(), maskValue(it.key(), it.value()));
    if (!extra.isEmpty()) {
        const QByteArray rest = QJsonDocument(extra).toJson(QJsonDocument::Compact);
        line += ',' + rest.sliced(1, rest.size() - 1); // without the opening brace
    } else {
        line += '}';
    }
    line += '\n';
    std::lock_guard lock(g_outputMutex);
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
    std::fflush(stdout);
}

QString maskPersonalData(const QString &text)
{
    // Never destroyed: threads (librdkafka's among them) may still log while
    // the process exits, after function statics would be gone.
    static const auto *email = new QRegularExpression(
        QStringLiteral(R"(([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,}))"));
    // Ten or more digits, optionally with a leading +, as the contract's phone pattern.
    static const auto *phone = new QRegularExpression(QStringLiteral(R"(\+?\d{8,18}(\d{2}))"));
    static const auto *tenDigits = new QRegularExpression(QStringLiteral(R"(\d{10})"));
    if (!text.contains(u'@') && !text.contains(*tenDigits))
        return text;
    QString masked = text;
    masked.replace(*email, QStringLiteral("\\1***@\\2"));
    masked.replace(*phone, QStringLiteral("********\\1"));
    return masked;
}

QString currentCorrelationId()
{
    return t_correlationId;
}

CorrelationScope::CorrelationScope(const QString &correlationId)
    : m_previous(t_correlationId)
{
    t_correlationId = correlationId;
}

CorrelationScope::~CorrelationScope()
{
    t_correlationId = m_previous;
}

} // namespace shop::log
