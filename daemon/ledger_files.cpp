// Matching migration folders to ledgers, and comparing them.
#include "daemon/ledger_files.h"

#include <set>
#include <stdexcept>

#include "probes/ledgers/migration_files.h"
#include "probes/migration_sql/pending_sql.h"

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
                            const std::vector<config::MigrationsDir>& dirs, const LiveSchema& live,
                            ForecastMemo* memo) {
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
    if (schema != nullptr) forecast_migrations(*ledger, files, *schema, memo);
  }
}

MigrationSql new_migrations_sql(std::vector<ledgers::LedgerState>& found,
                                const std::vector<config::MigrationsDir>& dirs,
                                const std::vector<LedgerSummary>& known) {
  MigrationSql out;
  for (const auto& dir : dirs) {
    const auto* ledger = ledger_for(found, dir);
    if (ledger == nullptr) continue;
    const auto key = LedgerSummary::make_key(ledgers::framework_name(ledger->framework),
                                             ledgers::qualified_table(*ledger));
    std::set<std::string> applied_before;
    for (const auto& summary : known) {
      if (summary.key() == key) {
        applied_before.insert(summary.applied.begin(), summary.applied.end());
      }
    }
    std::set<std::string> fresh;
    for (const auto& row : ledger->applied) {
      if (!applied_before.contains(row.id)) fresh.insert(row.id);
    }
    for (const auto& row : ledger->failed) {
      if (!applied_before.contains(row.id)) fresh.insert(row.id);
    }
    if (fresh.empty()) continue;
    std::vector<std::pair<std::string, std::string>> wanted;
    for (const auto& file : ledgers::list_migration_files(ledger->framework, dir.path)) {
      if (fresh.contains(file.id)) wanted.emplace_back(file.id, file.path);
    }
    for (auto& read : migration_sql::read_pending_files(wanted)) {
      if (!read.unreadable.empty()) continue;
      out[{key, read.migration}] = up_section(ledger->framework, std::move(read.sql));
    }
  }
  return out;
}

}  // namespace driftwatch::daemon
