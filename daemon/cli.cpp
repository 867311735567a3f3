#include "daemon/cli.h"

#include <CLI/CLI.hpp>

#include "daemon/diff_command.h"
#include "daemon/exit_codes.h"
#include "daemon/snapshot_command.h"
#include "daemon/status_command.h"
#include "daemon/version.h"
#include "daemon/watch_commands.h"

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

// The ignore-rule options of the commands that read or compare snapshots.
void add_filter_options(CLI::App& command, FilterOptions& options) {
  command.add_option("--schema", options.include_schemas,
                     "Keep only schemas matching this glob (repeatable)");
  command.add_option("--exclude-schema", options.exclude_schemas,
                     "Drop schemas matching this glob (repeatable)");
  command.add_option("--include", options.include_objects,
                     "Keep only objects whose identity matches [KIND:]GLOB (repeatable)");
  command.add_option("--exclude", options.exclude_objects,
                     "Drop objects whose identity matches [KIND:]GLOB (repeatable)");
  command.add_option("--exclude-kind", options.exclude_kinds,
                     "Drop every object of this kind, e.g. policy (repeatable)");
}

}  // namespace

struct CommandLine::State {
  CLI::App app{kDescription, "driftwatch"};
  CLI::App* snapshot = nullptr;
  CLI::App* diff = nullptr;
  CLI::App* status = nullptr;
  CLI::App* run = nullptr;
  CLI::App* check = nullptr;
  CLI::App* accept = nullptr;
  CLI::App* check_config = nullptr;
  std::string run_config = kDefaultConfig;
  std::string check_config_path = kDefaultConfig;
  CheckOptions check_options;
  AcceptOptions accept_options;
  SnapshotOptions snapshot_options;
  DiffOptions diff_options;
  StatusOptions status_options;
};

CommandLine::CommandLine() : state_(std::make_unique<State>()) {
  auto& app = state_->app;
  app.set_version_flag("--version", std::string("driftwatch ") + kVersion);
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 success (diff: equal; status, check: all clean), 1 the snapshots differ,\n"
      "drift was found or a ledger needs attention, 2 error.\n"
      "See 'driftwatch COMMAND --help', driftwatch(1) and driftwatch.toml(5) for details.");

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

  auto& status = state_->status_options;
  state_->status = app.add_subcommand(
      "status", "Find every migration ledger, say which tool wrote it and whether it is healthy");
  auto* t = state_->status;
  add_connection_options(*t, status.source);
  t->add_option("--migrations-dir", status.migrations_dirs,
                "[FRAMEWORK=]DIR: the folder the tool reads its migrations from; compares it with "
                "the ledger (pending, missing, edited, duplicate) (repeatable)");
  t->add_option("--ledger", status.ledgers,
                "FRAMEWORK=[SCHEMA.]TABLE: a ledger under a custom name (repeatable)");
  t->add_option("--format", status.format, "text (default) or json")
      ->check(CLI::IsMember({"json", "text"}));
  t->add_flag("--fail-on-pending", status.fail_on_pending,
              "exit 1 when migrations are pending, too");
  t->add_option("--statement-timeout", status.statement_timeout_ms,
                "milliseconds a catalog query may run (default 30000)")
      ->check(CLI::PositiveNumber);
  t->add_option("--lock-timeout", status.lock_timeout_ms,
                "milliseconds to wait for a lock before giving way (default 1000)")
      ->check(CLI::PositiveNumber);
  add_watch_commands();
}

CommandLine::~CommandLine() = default;

void CommandLine::add_watch_commands() {
  auto& app = state_->app;
  state_->run = app.add_subcommand(
      "run", "Watch every target of the configuration until stopped (the daemon; SIGHUP reloads)");
  state_->run->add_option("-c,--config", state_->run_config, "configuration file")
      ->capture_default_str();

  auto& check = state_->check_options;
  state_->check = app.add_subcommand(
      "check", "Poll each target once with the daemon's state and verdicts (for cron and CI)");
  state_->check->add_option("-c,--config", check.config_path, "configuration file")
      ->capture_default_str();
  state_->check->add_option("--target", check.targets, "only this target (repeatable)");
  state_->check->add_option("--format", check.format, "text (default) or json")
      ->check(CLI::IsMember({"json", "text"}));

  auto& accept = state_->accept_options;
  state_->accept = app.add_subcommand(
      "accept", "Make a target's drifted objects part of its baseline (after review)");
  state_->accept->add_option("-c,--config", accept.config_path, "configuration file")
      ->capture_default_str();
  state_->accept->add_option("--target", accept.target, "the target")->required();
  state_->accept->add_option("--object", accept.objects,
                             "IDENTITY or KIND:IDENTITY of a drifted object (repeatable; "
                             "default: all drift of the target)");
  state_->accept->add_option("--reason", accept.reason, "why, recorded in the accepted event");

  state_->check_config = app.add_subcommand(
      "check-config", "Validate a configuration file without connecting to anything");
  state_->check_config->add_option("file", state_->check_config_path, "configuration file")
      ->capture_default_str();
}

std::optional<int> CommandLine::parse(int argc, const char* const* argv) {
  try {
    state_->app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::ParseError& error) {
    // CLI11 reports --help and --version as parse errors too; exit() prints
    // the help, the version or the usage error, and gives 0 for the first two.
    return state_->app.exit(error) == 0 ? kExitOk : kExitError;
  }
}

int CommandLine::run() {
  if (state_->snapshot->parsed()) return run_snapshot(state_->snapshot_options);
  if (state_->diff->parsed()) return run_diff(state_->diff_options);
  if (state_->status->parsed()) return run_status(state_->status_options);
  if (state_->run->parsed()) return run_daemon(state_->run_config);
  if (state_->check->parsed()) return run_check(state_->check_options);
  if (state_->accept->parsed()) return run_accept(state_->accept_options);
  if (state_->check_config->parsed()) return run_check_config(state_->check_config_path);
  return kExitError;
}

}  // namespace driftwatch::daemon
