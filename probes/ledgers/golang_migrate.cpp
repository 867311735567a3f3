// golang-migrate's schema_migrations: at most one row, the current version
// and a dirty flag set before each migration and cleared after it.
#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {

void read_golang_migrate(const LedgerInput& input, LedgerState& state) {
  const auto& rows = input.rows;
  if (rows.size() == 0) {
    state.health = Health::healthy;
    state.explanation = "No migration has been applied (the table is empty).";
    return;
  }
  if (rows.size() > 1) {
    state.notes.push_back("golang-migrate keeps one row; this table has " +
                          std::to_string(rows.size()) + ", the highest version is used");
  }
  const auto order = rows_ordered_by(rows, "version");
  const std::size_t current = order.back();
  const auto version = rows.get(current, "version").value_or("");
  state.heads.push_back(version);
  if (rows.flag(current, "dirty")) {
    state.health = Health::dirty;
    state.failed.push_back({version, version, {}, {}, rows.xid(current)});
    state.explanation =
        "The database is dirty at version " + version +
        ": golang-migrate marked it dirty before running that migration and never cleared the "
        "mark, so the migration failed or was interrupted, possibly half-applied. migrate "
        "refuses to run (\"Dirty database version " +
        version + ". Fix and force version.\").";
    state.next_step =
        "Check which statements of " + version +
        "'s up migration took effect. If all did, run `migrate force " + version +
        "`; if none did (or after undoing the partial ones), force the previous version and "
        "migrate up again. " +
        kNoReset;
    return;
  }
  state.applied.push_back({version, version, {}, {}, rows.xid(current)});
  state.health = Health::healthy;
  state.explanation = "At version " + version +
                      "; golang-migrate keeps no history, so every migration up to it counts as "
                      "applied.";
}

}  // namespace driftwatch::ledgers
