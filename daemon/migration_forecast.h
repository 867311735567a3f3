// Runs the migration files in thought against the live schema: which
// pending statements will fail, and what a failed migration left behind.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "probes/ledgers/ledger_state.h"
#include "probes/ledgers/migration_files.h"
#include "probes/schema/snapshot.h"

namespace driftwatch::daemon {

/// The migration's "up" statements: the tools that keep both directions in
/// one file (dbmate, goose, node-pg-migrate's SQL files) mark the down
/// section with a comment, which runs only on rollback. The down section is
/// blanked, keeping the file's line numbers.
std::string up_section(ledgers::Framework framework, std::string sql);

/// The last forecast of each ledger against one live schema, with the text
/// of the files it read. A daemon polls a quiet schema again and again
/// while a migration is pending, and a quiet poll reads no catalog:
/// modelling the whole schema and running the files in thought each time
/// would be most of its work. The owner clears it whenever the live schema
/// may have changed; an edited file misses by itself.
class ForecastMemo {
 public:
  struct Entry {
    std::string files_text;  ///< what the forecast was made from
    std::optional<migration_sql::Prediction> forecast;
    std::vector<ledgers::PartialRunReport> partial_runs;
  };

  void clear() { entries_.clear(); }
  /// The ledger's last forecast, if it was made from the same files' text.
  [[nodiscard]] const Entry* find(const std::string& ledger_key,
                                  const std::string& files_text) const;
  /// Keeps the ledger's forecast in place of its last one and returns it.
  const Entry& keep(const std::string& ledger_key, Entry entry);

 private:
  std::map<std::string, Entry> entries_;  ///< by LedgerSummary::key()
};

/// Sets ledger.forecast from its pending migrations' files (in the tool's
/// order) and ledger.partial_runs from the SQL file of each failed
/// migration found among `files`. Files that cannot be read or are not SQL
/// are reported as not checked, not as errors. With a memo, a forecast of
/// the same files' text is reused rather than made again.
void forecast_migrations(ledgers::LedgerState& ledger,
                         const std::vector<ledgers::MigrationFile>& files,
                         const schema::Snapshot& live, ForecastMemo* memo = nullptr);

}  // namespace driftwatch::daemon
