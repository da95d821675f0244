#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace sabot::cli {

/// What a subcommand leaves behind after parsing: the action to run, which
/// returns the process exit code. Commands register themselves on the app and
/// set `action` from their CLI11 callback; the action runs after parsing, so
/// parse errors never leave half-done work.
struct CommandAction {
  std::function<int()> action;
};

void registerVersionCommand(CLI::App& app, CommandAction& chosen);
void registerConvertCommand(CLI::App& app, CommandAction& chosen);
void registerDemoCommand(CLI::App& app, CommandAction& chosen);
void registerRunFileCommand(CLI::App& app, CommandAction& chosen);
void registerNexmarkCommand(CLI::App& app, CommandAction& chosen);
void registerNexmarkGenCommand(CLI::App& app, CommandAction& chosen);
void registerCheckpointCommand(CLI::App& app, CommandAction& chosen);

}  // namespace sabot::cli
