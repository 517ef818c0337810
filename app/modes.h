#pragma once

#include <QStringList>

namespace shop {

// Each mode receives its arguments with the program and mode name first
// ("shop serve", "--dev", ...) and returns the process exit code.
int runServe(const QStringList &arguments);
int runDaemon(const QStringList &arguments);
int runMigrate(const QStringList &arguments);
int runUser(const QStringList &arguments);
int runSeedDemo(const QStringList &arguments);
int runDlt(const QStringList &arguments);
int runCatalog(const QStringList &arguments);
#ifdef SHOP_WITH_GUI
int runGui(const QStringList &arguments);
int runPos(const QStringList &arguments);
#endif

} // namespace shop
