#pragma once

#include <QString>

#include <optional>

namespace shop {

// Where the till's receipt printer is, from the receipt-printer setting:
//   serial:/dev/ttyUSB0?baud=9600   a serial port (baud 9600 unless given)
//   tcp:host:9100                   a raw network printer (port 9100 unless given)
//   file:/dev/usb/lp0               a file or device the bytes are written to
//   (empty)                         no printer
struct PrinterAddress
{
    enum class Kind { None, Serial, Tcp, File };

    Kind kind = Kind::None;
    QString path;        // Serial and File
    qint32 baudRate = 9600; // Serial
    QString host;        // Tcp
    quint16 port = 9100; // Tcp

    bool isNone() const { return kind == Kind::None; }
    // The setting's text again, for messages.
    QString toString() const;

    // On failure returns nullopt and, when error is given, says what is wrong.
    static std::optional<PrinterAddress> parse(const QString &text, QString *error = nullptr);
};

} // namespace shop
