// Knex's knex_migrations (one row per applied file, by batch) and its
// <table>_lock, whose is_locked stays 1 while a run holds it or after one crashed.
#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"
#include "probes/ledgers/simple_ledger.h"

namespace driftwatch::ledgers {

void read_knex(const LedgerInput& input, LedgerState& state) {
  read_simple(input, {"name", "", "migration_time", "id"}, state);
  const auto& rows = input.rows;
  if (rows.size() > 0) {
    // `knex migrate:rollback` undoes the latest batch as a whole: say what it holds.
    const auto latest = rows.get(rows_ordered_by(rows, "batch").back(), "batch");
    std::size_t in_batch = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      in_batch += rows.get(r, "batch") == latest ? 1 : 0;
    }
    if (latest) {
      state.notes.push_back("the latest batch is " + *latest + " (" +
                            count_of(in_batch, "migration", "migrations") + ")");
    }
  }
  // Knex names the lock table after the ledger, renamed or not.
  const std::string lock_table = state.table + "_lock";
  const auto it = input.related.find(lock_table);
  if (it == input.related.end()) return;
  const Rows& lock = it->second;
  bool held = false;
  for (std::size_t r = 0; r < lock.size(); ++r) {
    // Knex refuses on any is_locked that is not 0.
    const auto value = lock.get(r, "is_locked");
    if (value && *value != "0") held = true;
  }
  state.lock = LockInfo{held, {}, {}};
  if (!held) return;
  state.health = Health::locked;
  state.explanation =
      lock_table +
      " says the migration lock is held (is_locked = 1): a knex migrate run is in progress, or "
      "one crashed or was killed and left the lock behind (Knex clears it only when a run ends "
      "normally). While it is set, every knex migrate command fails with \"Migration table is "
      "already locked\".";
  state.next_step =
      "Make sure no knex process is migrating this database (deploy jobs, release scripts; "
      "pg_stat_activity shows their sessions). Then run `knex migrate:unlock`, which sets "
      "is_locked back to 0. Do not drop " +
      lock_table + " or empty " + state.table +
      ": the ledger rows are fine, and they are what tells Knex which migrations ran.";
}

}  // namespace driftwatch::ledgers
