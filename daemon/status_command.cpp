#include "daemon/status_command.h"

#include <iostream>
#include <stdexcept>

#include "daemon/exit_codes.h"
#include "probes/ledger_reader.h"
#include "probes/ledgers/migration_files.h"
#include "probes/ledgers/status_report.h"

namespace driftwatch::daemon {
namespace {

struct MigrationsDir {
  std::optional<ledgers::Framework> framework;
  std::string path;
};

MigrationsDir parse_migrations_dir(const std::string& text) {
  if (const auto eq = text.find('='); eq != std::string::npos) {
    if (auto framework = ledgers::parse_framework(text.substr(0, eq))) {
      return {framework, text.substr(eq + 1)};
    }
  }
  return {std::nullopt, text};
}

// The ledger a migrations folder belongs to: the one of its framework, or,
// when none is named, the only recognised ledger.
ledgers::LedgerState* ledger_for(std::vector<ledgers::LedgerState>& found,
                                 const MigrationsDir& dir) {
  ledgers::LedgerState* match = nullptr;
  int candidates = 0;
  for (auto& ledger : found) {
    if (ledger.framework == ledgers::Framework::unknown) continue;
    if (dir.framework && ledger.framework != *dir.framework) continue;
    match = &ledger;
    ++candidates;
  }
  if (candidates > 1) {
    throw std::runtime_error("--migrations-dir " + dir.path +
                             ": the database has several ledgers; say whose folder it is, e.g. "
                             "--migrations-dir prisma=" +
                             dir.path);
  }
  return match;
}

}  // namespace

int run_status(const StatusOptions& options) {
  probes::LedgerReadOptions read_options;
  for (const auto& text : options.ledgers) {
    read_options.overrides.push_back(ledgers::parse_ledger_override(text));
  }
  std::vector<MigrationsDir> dirs;
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
  for (const auto& dir : dirs) {
    auto* ledger = ledger_for(found.ledgers, dir);
    if (ledger == nullptr && !dir.framework) {
      throw std::runtime_error("--migrations-dir " + dir.path +
                               ": no ledger found to compare it with; name the tool, e.g. "
                               "--migrations-dir prisma=" +
                               dir.path);
    }
    if (ledger == nullptr) {
      // A tool's folder, but no ledger yet: everything in it is pending.
      ledgers::LedgerState none;
      none.framework = *dir.framework;
      none.confidence = "likely";
      none.explanation = "No " + std::string(ledgers::framework_name(*dir.framework)) +
                         " ledger in the database: nothing has been applied by it yet.";
      found.ledgers.push_back(std::move(none));
      ledger = &found.ledgers.back();
    }
    ledgers::compare_with_files(*ledger,
                                ledgers::list_migration_files(ledger->framework, dir.path));
  }
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
