#include "printeraddress.h"

#include <QUrlQuery>

namespace shop {

namespace {

std::optional<PrinterAddress> refuse(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return std::nullopt;
}

const QString kExpected = QStringLiteral("expected serial:/dev/DEVICE[?baud=N], tcp:HOST[:PORT] or file:/PATH");

std::optional<PrinterAddress> parseSerial(const QString &rest, QString *error)
{
    PrinterAddress address;
    address.kind = PrinterAddress::Kind::Serial;
    const qsizetype question = rest.indexOf(u'?');
    address.path = rest.left(question);
    if (!address.path.startsWith(u'/'))
        return refuse(error, QStringLiteral("serial printer: expected an absolute device path, got '%1'").arg(address.path));
    if (question < 0)
        return address;
    const QUrlQuery query(rest.mid(question + 1));
    for (const auto &[key, value] : query.queryItems()) {
        if (key != u"baud")
            return refuse(error, QStringLiteral("serial printer: unknown option '%1' (only baud)").arg(key));
        bool ok = false;
        address.baudRate = value.toInt(&ok);
        if (!ok || address.baudRate < 300 || address.baudRate > 921600)
            return refuse(error, QStringLiteral("serial printer: baud must be a number from 300 to 921600"));
    }
    return address;
}

std::optional<PrinterAddress> parseTcp(const QString &rest, QString *error)
{
    PrinterAddress address;
    address.kind = PrinterAddress::Kind::Tcp;
    const qsizetype colon = rest.lastIndexOf(u':');
    address.host = colon < 0 ? rest : rest.left(colon);
    if (colon >= 0) {
        bool ok = false;
        const int port = rest.mid(colon + 1).toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return refuse(error, QStringLiteral("tcp printer: port must be a number from 1 to 65535"));
        address.port = static_cast<quint16>(port);
    }
    if (address.host.isEmpty())
        return refuse(error, QStringLiteral("tcp printer: expected tcp:HOST[:PORT]"));
    return address;
}

} // namespace

QString PrinterAddress::toString() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Serial:
        return QStringLiteral("serial:%1?baud=%2").arg(path).arg(baudRate);
    case Kind::Tcp:
        return QStringLiteral("tcp:%1:%2").arg(host).arg(port);
    case Kind::File:
        return QStringLiteral("file:%1").arg(path);
    }
    return {};
}

std::optional<PrinterAddress> PrinterAddress::parse(const QString &text, QString *error)
{
    if (text.isEmpty())
        return PrinterAddress{};
    const qsizetype colon = text.indexOf(u':');
    if (colon < 0)
        return refuse(error, kExpected);
    const QString scheme = text.left(colon);
    const QString rest = text.mid(colon + 1);
    if (scheme == u"serial")
        return parseSerial(rest, error);
    if (scheme == u"tcp")
        return parseTcp(rest, error);
    if (scheme == u"file") {
        if (!rest.startsWith(u'/'))
            return refuse(error, QStringLiteral("file printer: expected an absolute path, got '%1'").arg(rest));
        PrinterAddress address;
        address.kind = Kind::File;
        address.path = rest;
        return address;
    }
    return refuse(error, kExpected);
}

} // namespace shop
