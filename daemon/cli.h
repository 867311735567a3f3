// The driftwatch command line: subcommands, their options and --help.
#pragma once

#include <memory>

namespace CLI {  // NOLINT(readability-identifier-naming): CLI11's own name
class App;
class ParseError;
}  // namespace CLI

namespace driftwatch::daemon {

class CommandLine {
 public:
  CommandLine();
  ~CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  /// Parses argv. Throws CLI::ParseError (also for --help and --version).
  void parse(int argc, const char* const* argv);

  /// Runs the chosen subcommand; returns its exit code. Throws on error.
  int run();

  /// Prints what a parse error calls for (help, version, a usage error) and
  /// returns the exit code: 0 for help and version, kExitError otherwise.
  int exit_for(const CLI::ParseError& error);

 private:
  void add_watch_commands();

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace driftwatch::daemon
