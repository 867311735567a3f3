// Matching migration folders to ledgers, and comparing them.
#include "daemon/ledger_files.h"

#include <stdexcept>

#include "daemon/migration_forecast.h"
#include "probes/ledgers/migration_files.h"

namespace driftwatch::daemon {
namespace {

// The ledger a migrations folder belongs to: the one of its framework, or,
// when none is named, the only recognised ledger.
ledgers::LedgerState* ledger_for(std::vector<ledgers::LedgerState>& found,
                                 const config::MigrationsDir& dir) {
  ledgers::LedgerState* match = nullptr;
  int candidates = 0;
  for (auto& ledger : found) {
    if (ledger.framework == ledgers::Framework::unknown) continue;
    if (dir.framework && ledger.framework != *dir.framework) continue;
    match = &ledger;
    ++candidates;
  }
  if (candidates > 1) {
    throw std::runtime_error("migrations folder " + dir.path +
                             ": the database has several ledgers; say whose folder it is, e.g. "
                             "prisma=" +
                             dir.path);
  }
  return match;
}

}  // namespace

config::MigrationsDir parse_migrations_dir(const std::string& text) {
  if (const auto eq = text.find('='); eq != std::string::npos) {
    if (auto framework = ledgers::parse_framework(text.substr(0, eq))) {
      return {framework, text.substr(eq + 1)};
    }
  }
  return {std::nullopt, text};
}

void compare_migration_dirs(std::vector<ledgers::LedgerState>& found,
                            const std::vector<config::MigrationsDir>& dirs,
                            const LiveSchema& live) {
  for (const auto& dir : dirs) {
    auto* ledger = ledger_for(found, dir);
    if (ledger == nullptr && !dir.framework) {
      throw std::runtime_error("migrations folder " + dir.path +
                               ": no ledger found to compare it with; name the tool, e.g. "
                               "prisma=" +
                               dir.path);
    }
    if (ledger == nullptr) {
      // A tool's folder, but no ledger yet: everything in it is pending.
      ledgers::LedgerState none;
      none.framework = *dir.framework;
      none.confidence = "likely";
      none.explanation = "No " + std::string(ledgers::framework_name(*dir.framework)) +
                         " ledger in the database: nothing has been applied by it yet.";
      found.push_back(std::move(none));
      ledger = &found.back();
    }
    const auto files = ledgers::list_migration_files(ledger->framework, dir.path);
    ledgers::compare_with_files(*ledger, files);
    if (ledger->pending.empty() && ledger->failed.empty()) continue;
    const auto* schema = live ? live() : nullptr;
    if (schema != nullptr) forecast_migrations(*ledger, files, *schema);
  }
}

}  // namespace driftwatch::daemon
