// driftwatch: parse the command line, run the command, turn failures into
// a message and exit status 2. The start-up error boundary.
#include <cstdlib>
#include <iostream>

#include "daemon/cli.h"
#include "daemon/exit_codes.h"
#include "probes/session.h"

int main(int argc, char** argv) {
  driftwatch::daemon::CommandLine command_line;
  try {
    if (auto answered = command_line.parse(argc, argv)) return *answered;
    return command_line.run();
  } catch (const std::exception& error) {
    // Under systemd, "<3>" marks the line as an error for `journalctl -p`.
    const char* priority = std::getenv("JOURNAL_STREAM") != nullptr ? "<3>" : "";
    std::cerr << priority << "driftwatch: error: " << error.what() << '\n';
    if (auto hint = driftwatch::probes::failure_hint(error); !hint.empty()) {
      std::cerr << priority << "driftwatch: hint: " << hint << '\n';
    }
    return driftwatch::daemon::kExitError;
  }
}
