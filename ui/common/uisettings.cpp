#include "uisettings.h"

#include <QSettings>

namespace shop::uisettings {

namespace {

const QString kUsername = QStringLiteral("login/username");
const QString kGeometry = QStringLiteral("managerWindow/geometry");
const QString kPosGeometry = QStringLiteral("posWindow/geometry");
const QString kScreen = QStringLiteral("managerWindow/screen");
const QString kLowStockThreshold = QStringLiteral("dashboard/lowStockThreshold");

} // namespace

QString lastUsername() { return QSettings().value(kUsername).toString(); }
void setLastUsername(const QString &username) { QSettings().setValue(kUsername, username); }

QByteArray managerWindowGeometry() { return QSettings().value(kGeometry).toByteArray(); }
void setManagerWindowGeometry(const QByteArray &geometry) { QSettings().setValue(kGeometry, geometry); }
int managerWindowScreen() { return QSettings().value(kScreen, 0).toInt(); }
void setManagerWindowScreen(int index) { QSettings().setValue(kScreen, index); }

QByteArray posWindowGeometry() { return QSettings().value(kPosGeometry).toByteArray(); }
void setPosWindowGeometry(const QByteArray &geometry) { QSettings().setValue(kPosGeometry, geometry); }

int lowStockThreshold(int fallback) { return QSettings().value(kLowStockThreshold, fallback).toInt(); }
void setLowStockThreshold(int threshold) { QSettings().setValue(kLowStockThreshold, threshold); }

} // namespace shop::uisettings
