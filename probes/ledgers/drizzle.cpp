// Drizzle's drizzle.__drizzle_migrations: one row per applied journal entry,
// keyed by the entry's `when` (created_at, in ms); newer releases add its name.
#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {

void read_drizzle(const LedgerInput& input, LedgerState& state) {
  const auto& rows = input.rows;
  for (std::size_t r : rows_ordered_by(rows, "created_at", "id")) {
    AppliedMigration migration;
    const auto name = rows.get(r, "name");
    migration.id = name && !name->empty() ? *name : rows.get(r, "created_at").value_or("");
    migration.name = migration.id;
    migration.applied_at = rows.get(r, "applied_at");
    migration.checksum = rows.get(r, "hash");
    migration.xid = rows.xid(r);
    state.applied.push_back(std::move(migration));
  }
  set_healthy(state);
  // Drizzle looks only at the newest row: an entry older than it that never
  // ran is skipped for good, and an edited file goes unnoticed.
  std::string newest;
  if (rows.size() > 0) {
    newest = rows.get(rows_ordered_by(rows, "created_at").back(), "created_at").value_or("");
  }
  state.notes.push_back(
      "Drizzle's migrator applies every journal entry whose `when` is newer than the greatest "
      "created_at" +
      (newest.empty() ? std::string() : " (" + newest + ")") +
      " and skips older ones; it stores each file's hash but does not verify it");
}

}  // namespace driftwatch::ledgers
