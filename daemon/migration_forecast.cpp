// Pending and failed migrations against the live schema (migration_sql).
#include "daemon/migration_forecast.h"

#include <utility>

#include "probes/migration_sql/forensics.h"
#include "probes/migration_sql/pending_sql.h"
#include "probes/migration_sql/prediction.h"

namespace driftwatch::daemon {

void forecast_migrations(ledgers::LedgerState& ledger,
                         const std::vector<ledgers::MigrationFile>& files,
                         const schema::Snapshot& live) {
  if (!ledger.pending.empty()) {
    std::vector<std::pair<std::string, std::string>> pending;
    pending.reserve(ledger.pending.size());
    for (const auto& migration : ledger.pending) pending.emplace_back(migration.id, migration.file);
    ledger.forecast =
        migration_sql::predict_pending(migration_sql::read_pending_files(pending), live);
  }
  ledger.partial_runs.clear();
  for (const auto& failed : ledger.failed) {
    for (const auto& file : files) {
      if (file.id != failed.id) continue;
      auto read = migration_sql::read_pending_files({{failed.id, file.path}});
      if (read.empty() || !read.front().unreadable.empty()) break;
      ledger.partial_runs.push_back(
          {failed.id, file.path, migration_sql::trace_partial_run(read.front().sql, live)});
      break;
    }
  }
}

}  // namespace driftwatch::daemon
