// The migration files a tool reads from its folder, and how they compare with its ledger.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "probes/ledgers/framework.h"
#include "probes/ledgers/ledger_state.h"

namespace driftwatch::ledgers {

struct MigrationFile {
  std::string id;    ///< the identity the ledger reader gives the migration (AppliedMigration::id)
  std::string name;  ///< a readable name
  std::string path;
  std::optional<std::string> checksum;  ///< as the tool stores it, when it records one
  /// Other stored values the tool accepts for this file. Prisma: the file
  /// with other line endings, and the old unpadded hex forms.
  std::vector<std::string> accepted_checksums;
  /// Alembic: the down_revision(s), the revisions this one follows.
  std::vector<std::string> parents;
};

/// The migrations in `dir`, the folder the tool reads them from, in the
/// tool's order. Throws std::runtime_error naming the folder and the problem
/// when it is missing, not a folder, or unreadable, or when a file the tool
/// needs (Drizzle's journal, Sqitch's plan) is missing or unreadable.
/// Liquibase: none (its checksums cover changesets, not files).
std::vector<MigrationFile> list_migration_files(Framework framework,
                                                const std::filesystem::path& dir);

/// Compares the ledger with the files: fills state.pending (files not in
/// the ledger) and state.file_problems (applied without a file, edited after
/// being applied, two files with one identity, checksums driftwatch cannot
/// recompute), and adds notes. Leaves health, explanation and next step to
/// the caller.
void compare_with_files(LedgerState& state, const std::vector<MigrationFile>& files);

}  // namespace driftwatch::ledgers
