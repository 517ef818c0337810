#pragma once

namespace shop {

// Exit codes of every command: 2 means "you asked for something wrong"
// (usage, configuration, a changed migration), 1 means "it failed while running".
enum ExitCode : int { ExitSuccess = 0, ExitFailure = 1, ExitUsage = 2 };

} // namespace shop
