#include "daemon/status_command.h"

#include <iostream>
#include <optional>
#include <stdexcept>

#include "daemon/exit_codes.h"
#include "daemon/ledger_files.h"
#include "probes/ledger_reader.h"
#include "probes/ledgers/status_report.h"
#include "probes/snapshot_reader.h"

namespace driftwatch::daemon {

int run_status(const StatusOptions& options) {
  probes::LedgerReadOptions read_options;
  for (const auto& text : options.ledgers) {
    read_options.overrides.push_back(ledgers::parse_ledger_override(text));
  }
  std::vector<config::MigrationsDir> dirs;
  for (const auto& text : options.migrations_dirs) dirs.push_back(parse_migrations_dir(text));

  probes::SessionLimits limits;
  limits.statement_timeout = std::chrono::milliseconds(options.statement_timeout_ms);
  limits.lock_timeout = std::chrono::milliseconds(options.lock_timeout_ms);
  const auto dsn = resolve_dsn(options.source);
  probes::Session session(dsn, limits);
  auto found = probes::read_ledgers(session, read_options);

  ledgers::StatusReport report;
  report.database = session.description();
  report.user_tables = found.user_tables;
  // Pending and failed migrations are checked against the live schema:
  // read it only when there is one of them to check.
  std::optional<schema::Snapshot> live;
  compare_migration_dirs(found.ledgers, dirs, [&]() -> const schema::Snapshot* {
    if (!live) live = probes::read_catalog(session, probes::ReadOptions{}).snapshot;
    return &*live;
  });
  report.ledgers = std::move(found.ledgers);
  if (report.ledgers.empty() && report.user_tables > 0) {
    report.no_ledger = ledgers::advise_no_ledger(report.user_tables);
  }
  if (options.format == "json") {
    ledgers::write_status_json(std::cout, report, options.fail_on_pending);
  } else {
    ledgers::write_status_text(std::cout, report);
  }
  return ledgers::needs_attention(report, options.fail_on_pending) ? kExitDifferent : kExitOk;
}

}  // namespace driftwatch::daemon
