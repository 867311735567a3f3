#include "daemon/cli.h"

#include <CLI/CLI.hpp>

#include "daemon/diff_command.h"
#include "daemon/exit_codes.h"
#include "daemon/snapshot_command.h"
#include "daemon/version.h"

namespace driftwatch::daemon {
namespace {

constexpr const char* kDescription =
    "driftwatch watches PostgreSQL schemas for drift: changes that did not come with a "
    "migration.\nIt only reads the catalog, in read-only transactions with short timeouts.";

void add_connection_options(CLI::App& command, DsnSource& source) {
  command.add_option("--dsn", source.dsn,
                     "libpq connection string or URI; PG* variables, ~/.pgpass and service "
                     "files apply as usual");
  command.add_option("--dsn-env", source.env_name,
                     "name of an environment variable holding the connection string");
  command.add_option("--dsn-file", source.file, "file holding the connection string");
}

}  // namespace

struct CommandLine::State {
  CLI::App app{kDescription, "driftwatch"};
  CLI::App* snapshot = nullptr;
  CLI::App* diff = nullptr;
  SnapshotOptions snapshot_options;
  DiffOptions diff_options;
};

CommandLine::CommandLine() : state_(std::make_unique<State>()) {
  auto& app = state_->app;
  app.set_version_flag("--version", std::string("driftwatch ") + kVersion);
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 success (diff: equal), 1 diff: snapshots differ, 2 error.\n"
      "See 'driftwatch COMMAND --help' and docs/ for details.");

  auto& snap = state_->snapshot_options;
  state_->snapshot =
      app.add_subcommand("snapshot", "Read a database's schema and print its canonical snapshot");
  auto* s = state_->snapshot;
  add_connection_options(*s, snap.source);
  s->add_option("--format", snap.format, "json (default) or text (the canonical text)")
      ->check(CLI::IsMember({"json", "text"}));
  s->add_option("-o,--output", snap.output, "write to this file (atomically) instead of stdout");
  s->add_option("--partitions", snap.partitions,
                "fold (default): partitions appear as tables with their bounds only; "
                "full: with every inherited column, index, constraint and trigger")
      ->check(CLI::IsMember({"fold", "full"}));
  add_filter_options(*s, snap.filters);
  s->add_flag("--stats", snap.stats, "print each catalog query's rows, bytes and time to stderr");
  s->add_flag("--show-queries", snap.show_queries,
              "print the SQL a snapshot runs (for review or EXPLAIN) and exit without connecting");
  s->add_option("--statement-timeout", snap.statement_timeout_ms,
                "milliseconds a catalog query may run (default 30000)")
      ->check(CLI::PositiveNumber);
  s->add_option("--lock-timeout", snap.lock_timeout_ms,
                "milliseconds to wait for a lock before giving way (default 1000)")
      ->check(CLI::PositiveNumber);

  auto& diff = state_->diff_options;
  state_->diff = app.add_subcommand(
      "diff", "Compare two saved snapshots (JSON or text); exit 0 if equal, 1 if they differ");
  auto* d = state_->diff;
  d->add_option("before", diff.before, "the older snapshot file, or - for stdin")->required();
  d->add_option("after", diff.after, "the newer snapshot file, or - for stdin")->required();
  d->add_option("--format", diff.format, "text (default) or json")
      ->check(CLI::IsMember({"json", "text"}));
  add_filter_options(*d, diff.filters);
}

CommandLine::~CommandLine() = default;

void CommandLine::parse(int argc, const char* const* argv) { state_->app.parse(argc, argv); }

int CommandLine::run() {
  if (state_->snapshot->parsed()) return run_snapshot(state_->snapshot_options);
  if (state_->diff->parsed()) return run_diff(state_->diff_options);
  return kExitError;
}

int CommandLine::exit_for(const CLI::ParseError& error) {
  const int code = state_->app.exit(error);
  return code == 0 ? kExitOk : kExitError;
}

}  // namespace driftwatch::daemon
