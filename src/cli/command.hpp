// How `ce8` subcommands plug in: each cmd_*.cpp defines one register_* function that adds its
// CLI11 subcommand and, when that subcommand is chosen, stores the action to run.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace ce8::cli {

// Exit codes shared by every subcommand.
enum Exit : int { kOk = 0, kFailed = 1, kBadInput = 2 };

struct Runner {
  std::function<int()> action;  // set by the chosen subcommand's callback
};

// Prints "ce8: error: MESSAGE" on stderr and returns `code`, for one-line exits.
int fail(const std::string& message, int code = kBadInput);

// Subcommands (one per engine capability). Add new ones here and in main.cpp.
void register_version(CLI::App& app, Runner& runner);
void register_ephemeris(CLI::App& app, Runner& runner);
void register_terrain(CLI::App& app, Runner& runner);
void register_horizon(CLI::App& app, Runner& runner);
void register_illumination(CLI::App& app, Runner& runner);
void register_catalogue(CLI::App& app, Runner& runner);
void register_payloads(CLI::App& app, Runner& runner);
void register_scenario(CLI::App& app, Runner& runner);
void register_exercise(CLI::App& app, Runner& runner);
void register_traverse_cost(CLI::App& app, Runner& runner);
void register_traverse(CLI::App& app, Runner& runner);
void register_rovers(CLI::App& app, Runner& runner);
void register_batch(CLI::App& app, Runner& runner);

}  // namespace ce8::cli
