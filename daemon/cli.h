// The driftwatch command line: subcommands, their options and --help.
#pragma once

#include <memory>
#include <optional>

namespace driftwatch::daemon {

class CommandLine {
 public:
  CommandLine();
  ~CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  /// Parses argv. When argv asks for no command to run (--help, --version)
  /// or is wrong, prints what that calls for and returns the exit code:
  /// kExitOk for help and version, kExitError for a usage error. Otherwise
  /// returns nothing, and run() runs the chosen command.
  std::optional<int> parse(int argc, const char* const* argv);

  /// Runs the chosen subcommand; returns its exit code. Throws on error.
  int run();

 private:
  void add_watch_commands();

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace driftwatch::daemon
