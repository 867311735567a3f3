// Migration files that are still to run, as text, or why they cannot be read.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace driftwatch::migration_sql {

struct PendingSql {
  std::string migration;  ///< the migration's id in its tool's ledger
  std::string file;
  std::string sql;
  /// Set when the file could not be used (unreadable, not SQL): the reason
  /// the migration is reported as not checked. sql is then empty.
  std::string unreadable;
};

/// Reads each (migration id, path). Only ".sql" files are read: migrations in
/// a programming language (Django, Knex, Rails) are not SQL the parser can check.
std::vector<PendingSql> read_pending_files(
    const std::vector<std::pair<std::string, std::string>>& id_and_path);

}  // namespace driftwatch::migration_sql
