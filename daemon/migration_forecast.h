// Runs the migration files in thought against the live schema: which
// pending statements will fail, and what a failed migration left behind.
#pragma once

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

/// Sets ledger.forecast from its pending migrations' files (in the tool's
/// order) and ledger.partial_runs from the SQL file of each failed
/// migration found among `files`. Files that cannot be read or are not SQL
/// are reported as not checked, not as errors.
void forecast_migrations(ledgers::LedgerState& ledger,
                         const std::vector<ledgers::MigrationFile>& files,
                         const schema::Snapshot& live);

}  // namespace driftwatch::daemon
