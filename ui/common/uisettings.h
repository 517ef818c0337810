#pragma once

#include <QByteArray>
#include <QString>

// What the desktop front ends remember between runs, in one typed place:
// the QSettings keys appear nowhere else.
namespace shop::uisettings {

QString lastUsername();
void setLastUsername(const QString &username);

QByteArray managerWindowGeometry();
void setManagerWindowGeometry(const QByteArray &geometry);
// The index of the manager window's tab that was open last (0 when none).
int managerWindowScreen();
void setManagerWindowScreen(int index);

QByteArray posWindowGeometry();
void setPosWindowGeometry(const QByteArray &geometry);

int lowStockThreshold(int fallback);
void setLowStockThreshold(int threshold);

} // namespace shop::uisettings
